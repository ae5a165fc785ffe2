import "server-only";
import { createReadStream, createWriteStream } from "node:fs";
import { readdir, readFile, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { once } from "node:events";
import { db } from "../db/client";
import { getDataDir } from "../env";
import { featureTypeToDuckDb, queryJsonRows, quoteIdent, quoteLiteral, withDuckDb } from "../offline";
import { canonicalKeyValue } from "../online-store";
import { erasureKeyDigestSql } from "../ingest/erasure-filter";
import { rawRelationSql, type TUploadFormat } from "../ingest/formats";
import type { TGroupKeys } from "./scan";
import type { TStoreResult } from "./steps";

// Files Larder keeps on disk outside its Delta tables that can hold an erased key (docs/erasure.md "Retained
// uploads"): an upload not ingested yet, the input of a failed ingest (kept for its retry), a training dataset's
// uploaded spine, a partial upload left by a crash. Each is under the project's `uploads/<id>/` directory.
//
// Decision: such a file is REWRITTEN without the rows whose key columns hold an erased key (same path, same format,
// written beside it and renamed over it), not deleted — a retry of the failed ingest then loads the other rows (the
// request's filter would drop the erased ones anyway), and a dataset's spine can still re-create it. A file that
// cannot be read as its format (the reason an ingest failed, say) but whose bytes hold a key's text is DELETED with
// its upload record: nothing in it can be told apart row by row. A file without the key columns is left alone.

const ERASURE_DUCKDB = { memoryLimit: "1GB", threads: 2 };
const TEMP_SUFFIX = ".erasure-tmp";
const FORMAT_OF: Record<string, TUploadFormat> = { csv: "csv", parquet: "parquet", jsonl: "jsonl" };

type TKeySets = { keys: TGroupKeys; erased: Set<string> }[];

const uploadsRoot = (projectId: string) => path.join(getDataDir(), "projects", projectId, "uploads");

/** Does a JSON record hold an erased key in its key columns (texts as the online store spells them)? */
const recordHoldsKey = (record: Record<string, unknown>, sets: TKeySets) =>
  sets.some(({ keys, erased }) => {
    const texts: string[] = [];
    for (const [index, column] of keys.keyColumns.entries()) {
      if (!(column in record)) return false;
      const canonical = canonicalKeyValue(keys.keyTypes[index], record[column]);
      if ("error" in canonical) return false;
      texts.push(canonical.text);
    }
    return erased.has(JSON.stringify(texts));
  });

/** JSON lines, line by line (the bytes of kept lines unchanged); a line that is not JSON goes if it spells a key. */
const rewriteJsonLines = async (file: string, sets: TKeySets, keyTexts: string[]) => {
  const temp = `${file}${TEMP_SUFFIX}`;
  const out = createWriteStream(temp);
  let removed = 0;
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    let drop: boolean;
    try {
      const value = JSON.parse(line) as unknown;
      drop = !!value && typeof value === "object" && recordHoldsKey(value as Record<string, unknown>, sets);
    } catch {
      drop = keyTexts.some((text) => line.includes(text));
    }
    if (drop) removed += 1;
    else if (!out.write(`${line}\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  if (removed === 0) await rm(temp, { force: true });
  else await rename(temp, file);
  return removed;
};

/** CSV (as text) and Parquet through DuckDB: the rows holding a key go; null when the file cannot be read. */
const rewriteWithDuckDb = async (file: string, format: "csv" | "parquet", sets: TKeySets) =>
  withDuckDb(ERASURE_DUCKDB, async (connection) => {
    const relation = rawRelationSql({ filePath: file, format });
    let columns: Set<string>;
    try {
      columns = new Set(
        (await queryJsonRows(connection, `DESCRIBE SELECT * FROM ${relation}`)).map((row) => String(row.column_name)),
      );
    } catch {
      return null;
    }
    const predicates = sets
      .filter(({ keys }) => keys.keyColumns.every((column) => columns.has(column)))
      .map(({ keys }) => {
        const digest = erasureKeyDigestSql(
          keys.keyColumns.map((name, index) => ({
            sql: `TRY_CAST(t.${quoteIdent(name)} AS ${featureTypeToDuckDb(keys.keyTypes[index])})`,
            type: keys.keyTypes[index],
          })),
        );
        return `coalesce(${digest} IN (${keys.digests.map(quoteLiteral).join(", ")}), false)`;
      });
    if (predicates.length === 0) return 0;
    const holds = predicates.join(" OR ");
    const [{ n }] = await queryJsonRows(connection, `SELECT count(*) AS n FROM ${relation} AS t WHERE ${holds}`);
    const removed = Number(n);
    if (removed === 0) return 0;
    const temp = `${file}${TEMP_SUFFIX}`;
    const options = format === "csv" ? "FORMAT csv, HEADER true" : "FORMAT parquet";
    await connection.run(
      `COPY (SELECT t.* FROM ${relation} AS t WHERE NOT (${holds})) TO ${quoteLiteral(temp)} (${options})`,
    );
    await rename(temp, file);
    return removed;
  });

/**
 * Every retained upload of the project, rewritten without the erased keys' rows (or deleted when unreadable and
 * holding a key's text). Idempotent: a second pass finds nothing to remove; a rewrite killed before its rename
 * leaves only a temp file without the keys, replaced on the next pass.
 */
export const eraseRetainedUploads = async ({
  projectId,
  groups,
}: {
  projectId: string;
  groups: { keys: TGroupKeys }[];
}): Promise<TStoreResult> => {
  const sets: TKeySets = groups.map(({ keys }) => ({
    keys,
    erased: new Set(keys.texts.map((texts) => JSON.stringify(texts))),
  }));
  // Raw texts a key spells, to judge a file that cannot be parsed (short integers would match anything).
  const keyTexts = [...new Set(groups.flatMap(({ keys }) => keys.texts.flat()))].filter((text) => text.length >= 3);
  let rewritten = 0;
  let deleted = 0;
  let rowsRemoved = 0;
  const root = uploadsRoot(projectId);
  for (const entry of await readdir(root, { withFileTypes: true }).catch(() => [])) {
    if (!entry.isDirectory()) continue;
    const dir = path.join(root, entry.name);
    const upload = await db.upload.findFirst({ where: { id: entry.name, projectId } });
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      const file = path.join(dir, name);
      if (name.endsWith(TEMP_SUFFIX)) {
        await rm(file, { force: true });
        continue;
      }
      const format = FORMAT_OF[path.extname(name).slice(1).toLowerCase()] ?? null;
      const removed =
        format === "jsonl"
          ? await rewriteJsonLines(file, sets, keyTexts)
          : format
            ? await rewriteWithDuckDb(file, format, sets)
            : null;
      if (removed === null) {
        const bytes = (await readFile(file)).toString("utf8");
        if (!keyTexts.some((text) => bytes.includes(text))) continue;
        await rm(dir, { recursive: true, force: true });
        if (upload) await db.upload.deleteMany({ where: { id: upload.id } });
        deleted += 1;
        break;
      }
      if (removed === 0) continue;
      rewritten += 1;
      rowsRemoved += removed;
      if (upload && upload.path === file)
        await db.upload.update({ where: { id: upload.id }, data: { sizeBytes: BigInt((await stat(file)).size) } });
    }
  }
  return { uploadsRewritten: rewritten, uploadRowsRemoved: rowsRemoved, unreadableUploadsDeleted: deleted };
};
