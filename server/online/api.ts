import "server-only";
import { ConflictError, InvalidInputError, type TFieldIssue } from "../errors";
import { enqueueJob } from "../jobs/enqueue";
import { recordAuditEvent } from "../audit/record";
import { getFeatureGroupRow } from "../registry/feature-groups";
import type { TProjectAccess, TRequestContext } from "../principal";
import type { TMaterialize, TOnlineRows, TOnlineValue } from "@/lib/api/online";
import { ZMaterializeSchema } from "@/lib/api/online";
import {
  canonicalKeyValue,
  decodeValue,
  isoFromMicros,
  keyFeatures,
  getOnlineStore,
  toOnlineGroup,
} from "../online-store";

// What the /online routes call: validate against the group, enqueue jobs, read online rows (audited).

// Keys per GET …/online/rows: a debugging read for the console, not the serving path.
const MAX_ROWS_KEYS = 100;

const requireOnlineGroup = async ({
  access,
  intent,
  name,
  version,
}: {
  access: TProjectAccess;
  intent: "read" | "write";
  name: string;
  version: string;
}) => {
  const featureGroup = await getFeatureGroupRow({ access, intent, name, version });
  if (!featureGroup.onlineEnabled) {
    throw new ConflictError(
      `Feature group '${name}' version ${featureGroup.version} is not online-enabled; it has no online store to materialize, check or read`,
    );
  }
  return featureGroup;
};

export const enqueueMaterialization = async ({
  ctx,
  access,
  name,
  version,
  input,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  name: string;
  version: string;
  input: TMaterialize;
}) => {
  const featureGroup = await requireOnlineGroup({ access, intent: "write", name, version });
  const spec = ZMaterializeSchema.parse(input);
  if ((spec.start || spec.end) && !featureGroup.eventTime) {
    throw new InvalidInputError(
      "This feature group has no event-time column, so it cannot be materialized by time range",
      [{ path: spec.start ? "start" : "end", message: "needs an event-time column" }],
    );
  }
  const job = await enqueueJob({
    ctx,
    access,
    type: "materialize",
    payload: { featureGroupId: featureGroup.id, ...spec },
    featureGroupId: featureGroup.id,
  });
  return { job };
};

export const enqueueConsistencyCheck = async ({
  ctx,
  access,
  name,
  version,
  sample,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  name: string;
  version: string;
  sample?: number;
}) => {
  const featureGroup = await requireOnlineGroup({ access, intent: "write", name, version });
  const job = await enqueueJob({
    ctx,
    access,
    type: "online-consistency-check",
    payload: { featureGroupId: featureGroup.id, ...(sample ? { sample } : {}) },
    featureGroupId: featureGroup.id,
  });
  return { job };
};

/**
 * Parses `key` query values: a scalar for a one-column primary key (`key=42`), or a JSON object naming every
 * key column (`key={"card_id":42}`). Returns canonical keys, or throws a 422 naming `query.key.<i>`.
 */
const parseKeys = ({ group, rawKeys }: { group: ReturnType<typeof toOnlineGroup>; rawKeys: string[] }) => {
  const columns = keyFeatures(group);
  const issues: TFieldIssue[] = [];
  if (rawKeys.length === 0)
    issues.push({
      path: "query.key",
      message: `give at least one key (key=<value> or key={"${group.primaryKey[0]}":…})`,
    });
  if (rawKeys.length > MAX_ROWS_KEYS)
    issues.push({ path: "query.key", message: `at most ${MAX_ROWS_KEYS} keys per request` });
  if (issues.length) throw new InvalidInputError("Invalid keys", issues);
  const keys = rawKeys.map((raw, index) => {
    let object: Record<string, unknown> | null = null;
    if (raw.trim().startsWith("{")) {
      try {
        object = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        issues.push({ path: `query.key.${index}`, message: "is not valid JSON" });
        return [];
      }
    } else if (columns.length === 1) {
      object = { [columns[0].name]: raw };
    } else {
      issues.push({
        path: `query.key.${index}`,
        message: `the primary key has ${columns.length} columns: pass a JSON object with ${group.primaryKey.join(", ")}`,
      });
      return [];
    }
    const unknown = Object.keys(object).filter((name) => !group.primaryKey.includes(name));
    for (const name of unknown)
      issues.push({ path: `query.key.${index}.${name}`, message: "is not a primary-key column" });
    return columns.map((column) => {
      if (object![column.name] === undefined || object![column.name] === null) {
        issues.push({ path: `query.key.${index}.${column.name}`, message: "is required" });
        return "";
      }
      const canonical = canonicalKeyValue(column.type, object![column.name]);
      if ("error" in canonical) {
        issues.push({ path: `query.key.${index}.${column.name}`, message: canonical.error });
        return "";
      }
      return canonical.text;
    });
  });
  if (issues.length) throw new InvalidInputError("Invalid keys", issues);
  return keys;
};

/** Online values for keys (for debugging in the console); a read of feature values, so audited. */
export const readOnlineRows = async ({
  ctx,
  access,
  name,
  version,
  rawKeys,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  name: string;
  version: string;
  rawKeys: string[];
}): Promise<TOnlineRows> => {
  const featureGroup = await requireOnlineGroup({ access, intent: "read", name, version });
  const group = toOnlineGroup(featureGroup);
  const keys = parseKeys({ group, rawKeys });
  const store = getOnlineStore();
  const rows = await store.getRows({ group, keys });
  await recordAuditEvent({
    ctx,
    project: access.project,
    action: "featureData.read",
    resourceType: "featureGroup",
    resourceId: featureGroup.id,
    resourceName: `${name} v${featureGroup.version}`,
    details: {
      name,
      version: featureGroup.version,
      keys: keys.length,
      found: rows.filter(Boolean).length,
      via: "online",
    },
  });
  const columns = keyFeatures(group);
  return {
    store: store.kind,
    rows: keys.map((key, index) => {
      const row = rows[index];
      const keyValues: Record<string, TOnlineValue> = Object.fromEntries(
        columns.map((column, position) => [column.name, decodeValue(column.type, key[position])]),
      );
      return {
        key: keyValues,
        found: Boolean(row),
        eventTime: row && group.eventTime ? isoFromMicros(row.eventTimeUs) : null,
        values: row?.values ?? null,
      };
    }),
  };
};
