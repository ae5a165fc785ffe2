import "server-only";
import { db } from "../db/client";
import { featureGroupWhere } from "../access-where";
import { InvalidInputError, type TFieldIssue } from "../errors";
import { canonicalKeyValue } from "../online-store";
import { erasureKeyDigest } from "../ingest/erasure-filter";
import type { TFeatureType } from "@/lib/api/feature-groups";
import type { TCreateErasureRequest } from "@/lib/api/erasure";

// What a request erases where: its key columns, the feature groups it covers (named, or every group whose primary
// key has those columns) and each key's canonical text in each group — checked when the request is filed (422 naming
// the field; nothing is written) and computed again by the job from the values kept until it finishes.

/** A key value as filed (JSON). */
type TKeyValue = string | number | boolean;
export type TErasureKey = Record<string, TKeyValue>;

export type TTargetGroup = {
  id: string;
  name: string;
  version: number;
  /** Per key of the request, its canonical texts in keyColumns order. */
  texts: string[][];
  /** Per key, the digest the ingest filter compares (server/ingest/erasure-filter.ts). */
  digests: string[];
  keyTypes: TFeatureType[];
};

// Field issues reported at once: enough to fix a form, few enough to read.
const MAX_ISSUES = 20;

/** The request's key columns: the names its keys give, sorted (every key names the same ones; the schema checks). */
const keyColumnsOf = (keys: TErasureKey[]): string[] => Object.keys(keys[0] ?? {}).sort();

const describeGroup = (group: { name: string; version: number }) => `${group.name} v${group.version}`;

/**
 * The groups a request covers, each with its keys' texts and digests, or a 422 naming every bad field: a group that
 * is not this project's to write, one whose primary key lacks a key column, a key value that is not of the column's
 * type in some group.
 */
export const resolveErasureTargets = async ({
  projectId,
  keys,
  featureGroups,
}: {
  projectId: string;
  keys: TErasureKey[];
  featureGroups?: TCreateErasureRequest["featureGroups"];
}): Promise<{ keyColumns: string[]; groups: TTargetGroup[]; allGroups: boolean }> => {
  const keyColumns = keyColumnsOf(keys);
  const issues: TFieldIssue[] = [];
  const include = { features: { select: { name: true, type: true } } } as const;
  type TGroupRow = Awaited<ReturnType<typeof db.featureGroup.findMany<{ include: typeof include }>>>[number];
  let candidates: { row: TGroupRow; path: string }[] = [];
  if (featureGroups) {
    const seen = new Set<string>();
    for (const [index, ref] of featureGroups.entries()) {
      const row = await db.featureGroup.findFirst({
        where: { ...featureGroupWhere({ projectId, intent: "write" }), name: ref.name, version: ref.version },
        include,
      });
      const path = `featureGroups.${index}`;
      if (!row) {
        issues.push({
          path,
          message: `feature group '${ref.name}' version ${ref.version} is not one this project can write`,
        });
        continue;
      }
      const missing = keyColumns.filter((column) => !row.primaryKey.includes(column));
      if (missing.length) {
        issues.push({
          path,
          message: `${missing.map((m) => `'${m}'`).join(", ")} ${missing.length > 1 ? "are not primary-key columns" : "is not a primary-key column"} of ${describeGroup(row)} (its primary key: ${row.primaryKey.join(", ")})`,
        });
        continue;
      }
      if (!seen.has(row.id)) candidates.push({ row, path });
      seen.add(row.id);
    }
  } else {
    const rows = await db.featureGroup.findMany({
      where: { ...featureGroupWhere({ projectId, intent: "write" }), primaryKey: { hasEvery: keyColumns } },
      include,
      orderBy: [{ name: "asc" }, { version: "asc" }],
    });
    candidates = rows.map((row) => ({ row, path: "keys" }));
    if (rows.length === 0)
      issues.push({
        path: "keys",
        message: `no feature group of this project has ${keyColumns.map((c) => `'${c}'`).join(", ")} in its primary key`,
      });
  }
  const groups: TTargetGroup[] = [];
  for (const { row } of candidates) {
    const keyTypes = keyColumns.map(
      (column) => row.features.find((feature) => feature.name === column)?.type as TFeatureType,
    );
    const texts: string[][] = [];
    keys.forEach((key, keyIndex) => {
      const keyTexts: string[] = [];
      keyColumns.forEach((column, columnIndex) => {
        const canonical = canonicalKeyValue(keyTypes[columnIndex], key[column]);
        if ("error" in canonical) {
          if (issues.length < MAX_ISSUES)
            issues.push({
              path: `keys.${keyIndex}.${column}`,
              message: `${canonical.error} (the column's type in ${describeGroup(row)})`,
            });
        } else keyTexts.push(canonical.text);
      });
      texts.push(keyTexts);
    });
    groups.push({
      id: row.id,
      name: row.name,
      version: row.version,
      texts,
      digests: texts.map((keyTexts) => (keyTexts.length === keyColumns.length ? erasureKeyDigest(keyTexts) : "")),
      keyTypes,
    });
  }
  if (issues.length)
    throw new InvalidInputError("Invalid erasure request; nothing was filed", issues.slice(0, MAX_ISSUES));
  return { keyColumns, groups, allGroups: !featureGroups };
};
