import "server-only";
import type { TFeatureType } from "@/lib/api/feature-groups";
import {
  decodeValue,
  isExpired,
  type TOnlineReadRequest,
  type TOnlineReadRow,
  type TOnlineStore,
} from "../online-store";
import { evaluateOnDemand } from "../feature-views";
import type { TServingPlan } from "./plan";

// Reads the rows of many entities, stage by stage (one getRowsMulti round trip per stage for all groups and
// all entities), and computes each entity's feature values: stored, passed, then on-demand.

export type TGroupStatus = "PRESENT" | "NOT_FOUND" | "OUTSIDE_MAX_AGE";
export type TEntityRead = {
  /** Output feature → value (untransformed), stored and on-demand. */
  values: Record<string, unknown>;
  groups: { status: TGroupStatus; eventTimeUs: number | null }[];
  /** Set when an on-demand expression failed for this entity. */
  error: string | null;
  /** The request's serving keys (canonical texts, plan.servingKeys order): who the vector is about. */
  keys: string[];
};

// The store filters rows past their TTL when given `now`; we pass a `now` before every event time and apply the
// TTL here (the online store's own rule, codec.ts isExpired), so that an expired row reads as OUTSIDE_MAX_AGE
// (Feast's status) rather than NOT_FOUND.
const NO_TTL_FILTER = Number.NEGATIVE_INFINITY;

/** Canonical key text of a value read from a row (the join key on the left side). */
const keyTextOf = (value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  if (typeof value === "boolean") return value ? "true" : "false";
  return String(value);
};

export const readEntities = async ({
  plan,
  store,
  keys,
  passed,
  now = Date.now(),
}: {
  plan: TServingPlan;
  store: TOnlineStore;
  /** Per entity: the serving keys' canonical text, in plan.servingKeys order. */
  keys: string[][];
  /** Per entity: request parameters and feature overrides (already validated), or undefined. */
  passed: (Record<string, unknown> | undefined)[];
  now?: number;
}): Promise<TEntityRead[]> => {
  const sourceCount = plan.sources.length;
  // rows[entity][source]: undefined = not read (its left row was missing), null = absent, else the row.
  const rows: (TOnlineReadRow | null | undefined)[][] = keys.map(() => new Array(sourceCount));
  const lookupKeys: (string[] | null)[][] = keys.map(() => new Array(sourceCount));
  const expired: boolean[][] = keys.map(() => new Array(sourceCount).fill(false));

  for (const stage of plan.stages) {
    const requests: TOnlineReadRequest[] = [];
    const entitiesOf: number[][] = [];
    for (const sourceIndex of stage) {
      const source = plan.sources[sourceIndex];
      const requestKeys: string[][] = [];
      const entities: number[] = [];
      for (let entity = 0; entity < keys.length; entity += 1) {
        const key: string[] = [];
        for (const part of source.keyParts) {
          let text: string | null;
          if (part.kind === "servingKey") text = keys[entity][part.index];
          else {
            const leftRow = rows[entity][part.source];
            text = leftRow
              ? part.kind === "keyOf"
                ? lookupKeys[entity][part.source]![part.position]
                : keyTextOf(leftRow.values[part.column])
              : null;
          }
          if (text === null) break;
          key.push(text);
        }
        if (key.length !== source.keyParts.length) {
          lookupKeys[entity][sourceIndex] = null;
          continue;
        }
        lookupKeys[entity][sourceIndex] = key;
        requestKeys.push(key);
        entities.push(entity);
      }
      if (requestKeys.length) {
        requests.push({ group: source.group, keys: requestKeys });
        entitiesOf.push(entities);
      } else entitiesOf.push([]);
    }
    const nonEmpty = stage.filter((_, position) => entitiesOf[position].length > 0);
    const results = requests.length ? await store.getRowsMulti({ requests, now: NO_TTL_FILTER }) : [];
    nonEmpty.forEach((sourceIndex, requestIndex) => {
      const entities = entitiesOf[stage.indexOf(sourceIndex)];
      results[requestIndex].forEach((row, position) => {
        const entity = entities[position];
        if (row && isExpired({ group: plan.sources[sourceIndex].group, eventTimeUs: row.eventTimeUs, now })) {
          expired[entity][sourceIndex] = true;
          rows[entity][sourceIndex] = null;
        } else rows[entity][sourceIndex] = row;
      });
    });
  }

  return keys.map((_, entity) => {
    const values: Record<string, unknown> = {};
    const groups: TEntityRead["groups"] = [];
    for (let sourceIndex = 0; sourceIndex < sourceCount; sourceIndex += 1) {
      const source = plan.sources[sourceIndex];
      const row = rows[entity][sourceIndex] ?? null;
      const key = lookupKeys[entity][sourceIndex];
      for (const column of source.columns) {
        // Key columns of the root come from the request (a missing root row still echoes them, like the spine does).
        if (column.keyPosition !== null)
          values[column.output] =
            key && (row || sourceIndex === 0) ? decodeValue(column.type, key[column.keyPosition]) : null;
        else values[column.output] = row ? (row.values[column.source] ?? null) : null;
      }
      groups.push({
        status: row ? "PRESENT" : expired[entity][sourceIndex] ? "OUTSIDE_MAX_AGE" : "NOT_FOUND",
        eventTimeUs: row ? row.eventTimeUs : null,
      });
    }
    const overrides = passed[entity];
    const request: Record<string, unknown> = {};
    if (overrides) {
      for (const name in overrides) {
        if (plan.requestParameters.has(name)) request[name] = overrides[name];
        if (plan.featureTypes.has(name)) values[name] = overrides[name];
      }
    }
    let error: string | null = null;
    if (plan.onDemand.length) {
      for (const feature of plan.onDemand) {
        if (overrides && feature.name in overrides) continue;
        try {
          // The same evaluator (and input conversion by type) as training data, which calls it from DuckDB.
          values[feature.name] = evaluateOnDemand({
            expression: feature.expression,
            features: values,
            request,
            featureTypes: plan.featureTypes,
            requestTypes: plan.requestParameters,
          });
        } catch (caught) {
          values[feature.name] = null;
          error ??= `on-demand feature '${feature.name}': ${(caught as Error).message}`;
        }
      }
    }
    return { values, groups, error, keys: keys[entity] };
  });
};
