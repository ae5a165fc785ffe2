import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { db } from "../db/client";
import { getEnv } from "../env";
import { queryJsonRows, quoteIdent, quoteLiteral, type DuckDBConnection } from "../offline";
import type { TFeatureType } from "@/lib/api/feature-groups";

// Erased keys stay out (docs/erasure.md): while an erasure request is open, every write to the groups it covers drops
// the rows whose key it erased — a data source's re-ingest, an upload, a REST insert alike. The registry keeps no erased
// value for this: only a digest of each key (ErasureFilter, written when the request is filed), which the ingest
// computes over its load in SQL and the erasure room in JS. Both must spell a key the same way, so both definitions
// live here, beside each other: the canonical text of each key value (the online store's, server/online-store/codec.ts)
// prefixed by its byte length, for every key column in order, after a secret pepper. The pepper keeps a digest of a
// small integer key from being reversed by hashing every integer; it is LARDER_ERASURE_KEY when configured (required
// when processes do not share LARDER_HOME), else generated once into LARDER_HOME like the source key.

let cachedPepper: string | undefined;

const erasurePepper = (): string => {
  if (cachedPepper) return cachedPepper;
  const env = getEnv();
  if (env.LARDER_ERASURE_KEY) return (cachedPepper = env.LARDER_ERASURE_KEY);
  const file = path.resolve(env.LARDER_HOME, "erasure-key");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" });
    } catch (error) {
      // Another process created it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  return (cachedPepper = readFileSync(file, "utf8").trim());
};

// Separates the pepper from the key: a byte no canonical text starts with a length digit from.
const PEPPER_SEPARATOR = "\u001f";

/** The digest of one key: its key columns' canonical texts, in the request's column order. */
export const erasureKeyDigest = (texts: string[]): string =>
  createHash("sha256")
    .update(
      erasurePepper() + PEPPER_SEPARATOR + texts.map((text) => `${Buffer.byteLength(text, "utf8")}:${text}`).join(""),
      "utf8",
    )
    .digest("hex");

/** A column's canonical text in DuckDB: the online store's spelling (offline-source.ts textSql). */
export const canonicalTextSql = (type: TFeatureType, column: string) =>
  type === "timestamp" ? `strftime(${column}, '%Y-%m-%dT%H:%M:%S.%fZ')` : `CAST(${column} AS VARCHAR)`;

/** erasureKeyDigest in DuckDB SQL over the row's key columns (NULL when a key value is NULL: never erased). */
export const erasureKeyDigestSql = (columns: { sql: string; type: TFeatureType }[]) => {
  const parts = columns.map(({ sql, type }) => {
    const text = canonicalTextSql(type, sql);
    return `CAST(strlen(${text}) AS VARCHAR) || ':' || ${text}`;
  });
  return `sha256(${quoteLiteral(erasurePepper() + PEPPER_SEPARATOR)} || ${parts.join(" || ")})`;
};

export type TErasureFilter = { requestId: string; keyColumns: string[]; keyDigests: string[] };

/** The open erasure requests' filters on a feature group (ErasureFilter rows live while their request is open). */
export const findErasureFilters = async (featureGroupId: string): Promise<TErasureFilter[]> =>
  db.erasureFilter.findMany({
    where: { featureGroupId },
    select: { requestId: true, keyColumns: true, keyDigests: true },
  });

/**
 * The load without the rows of erased keys: `sourceSql` wrapped in a filter per open request, and how many rows it
 * drops. Unchanged (and not scanned) when no request covers the group.
 */
export const withoutErasedKeys = async ({
  connection,
  sourceSql,
  filters,
  features,
}: {
  connection: DuckDBConnection;
  sourceSql: string;
  filters: TErasureFilter[];
  features: { name: string; type: TFeatureType }[];
}): Promise<{ sourceSql: string; droppedRows: number }> => {
  if (filters.length === 0) return { sourceSql, droppedRows: 0 };
  const typeOf = new Map(features.map((feature) => [feature.name, feature.type]));
  const erased = filters.map((filter) => {
    const digest = erasureKeyDigestSql(
      filter.keyColumns.map((name) => ({ sql: `l.${quoteIdent(name)}`, type: typeOf.get(name)! })),
    );
    return `${digest} IN (${filter.keyDigests.map(quoteLiteral).join(", ")})`;
  });
  const matches = `coalesce(${erased.join(" OR ")}, false)`;
  const load = `(${sourceSql}) AS l`;
  const [row] = await queryJsonRows(connection, `SELECT count(*) AS n FROM ${load} WHERE ${matches}`);
  return { sourceSql: `SELECT l.* FROM ${load} WHERE NOT ${matches}`, droppedRows: Number(row.n) };
};
