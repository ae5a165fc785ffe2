import fs from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  backfillDefaults,
  compactTable,
  createDeltaTable,
  DeltaVersionVacuumedError,
  evolveSchema,
  loadSnapshot,
  OfflineStoreInputError,
  readChangeRows,
  readRows,
  vacuumTable,
  withDuckDb,
  writeCommit,
} from "./index";
import { createTempTable, listAllFiles, makeTempDir, queryTable } from "@/test/fixtures/offline-tables";
import { readDeltaRaw, readRawCommits } from "@/test/fixtures/raw-delta-reader";

// Other Delta readers must read exactly what Larder reads: every table here is read twice, by Larder's reader
// and by an independent protocol-following reader (test/fixtures/raw-delta-reader.ts), before and after the
// operations that used to make them disagree.

const goldenRoot = process.env.LARDER_DELTA_GOLDEN ?? path.resolve(__dirname, "../../../shared/delta-golden");

const readBoth = async (tablePath: string, orderBy: string[], version?: number) => {
  const larder = await queryTable(
    { tablePath, asOf: version === undefined ? undefined : { version } },
    `SELECT * FROM {t} ORDER BY ${orderBy.map((c) => `"${c}"`).join(", ")}`,
  );
  const raw = await readDeltaRaw({ tablePath, version, orderBy });
  return { larder, raw };
};

const createPartitioned = () =>
  createTempTable({
    name: "by_country",
    columns: { id: "bigint", country: "string", x: "double" },
    partitionColumns: ["country"],
  });

describe("empty partition values (the protocol reads them as null)", () => {
  it("refuses an empty string in a partition column before anything is written, naming the column", async () => {
    const tablePath = await createPartitioned();
    const before = await listAllFiles(tablePath);
    const error = await writeCommit({
      tablePath,
      mode: "upsert",
      sourceSql: "SELECT * FROM (VALUES (1, 'DE', 1.0), (2, '', 2.0), (3, '', 3.0)) v(id, country, x)",
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OfflineStoreInputError);
    expect((error as OfflineStoreInputError).field).toBe("country");
    expect((error as Error).message).toMatch(/empty string in 2 rows/);
    expect(await listAllFiles(tablePath)).toEqual(before);
    expect((await loadSnapshot({ tablePath })).version).toBe(0);
    // NULL is fine and reads NULL everywhere.
    await writeCommit({ tablePath, mode: "append", sourceSql: "SELECT 2 AS id, NULL AS country, 2.0 AS x" });
    const { larder, raw } = await readBoth(tablePath, ["id"]);
    expect(larder).toEqual([{ id: "2", country: null, x: 2 }]);
    expect(raw).toEqual(larder);
  });

  it('reads a "" partition value written by another writer as NULL, before and after a compaction', async () => {
    const tablePath = await createPartitioned();
    await writeCommit({
      tablePath,
      mode: "append",
      sourceSql: "SELECT * FROM (VALUES (1, 'DE', 1.0), (2, NULL, 2.0)) v(id, country, x)",
    });
    // Another writer (an older Larder, or any engine that kept "") adds a file whose partition value is "". Its
    // directory is not Hive-style (the protocol allows any path), so the value can only come from the log.
    const dir = path.join(tablePath, "foreign");
    const file = path.join(dir, "part-foreign.parquet");
    await fs.mkdir(dir, { recursive: true });
    await withDuckDb(undefined, (connection) =>
      connection.run(`COPY (SELECT 3::BIGINT AS id, 3.0::DOUBLE AS x) TO '${file}' (FORMAT parquet)`),
    );
    const add = {
      path: "foreign/part-foreign.parquet",
      partitionValues: { country: "" },
      size: (await fs.stat(file)).size,
      modificationTime: Date.now(),
      dataChange: true,
    };
    await fs.writeFile(
      path.join(tablePath, "_delta_log", "00000000000000000002.json"),
      `${JSON.stringify({ commitInfo: { timestamp: Date.now() + 5, operation: "WRITE" } })}\n${JSON.stringify({ add })}\n`,
    );
    const expected = [
      { id: "1", country: "DE", x: 1 },
      { id: "2", country: null, x: 2 },
      { id: "3", country: null, x: 3 },
    ];
    const before = await readBoth(tablePath, ["id"]);
    expect(before.larder).toEqual(expected);
    expect(before.raw).toEqual(expected);
    const result = await compactTable({ tablePath });
    expect(result.filesRemoved).toBe(2); // the "" and the null file are one partition
    const after = await readBoth(tablePath, ["id"]);
    expect(after.larder).toEqual(expected);
    expect(after.raw).toEqual(expected);
    const written = (await readRawCommits(tablePath)).at(-1)!.adds;
    expect(written.map((a) => a.partitionValues.country)).toEqual([null]);
  });

  it("reads Spark's partitioned golden table exactly as the protocol reader does", async () => {
    const tablePath = path.join(goldenRoot, "data-reader-partition-values");
    const columns = ["as_int", "as_long", "as_boolean", "as_double", "as_string", "as_string_lit_null", "as_date"];
    const select = `SELECT ${columns.join(", ")}, value FROM {t} ORDER BY value`;
    const larder = await queryTable({ tablePath }, select);
    const raw = (await readDeltaRawColumns(tablePath, [...columns, "value"])).sort((a, b) =>
      String(a.value).localeCompare(String(b.value)),
    );
    expect(larder).toHaveLength(3);
    expect(larder).toEqual(raw);
    expect(larder.find((row) => row.value === "2")).toMatchObject({ as_string: null, as_string_lit_null: null });
    expect(larder.find((row) => row.value === "0")).toMatchObject({ as_string: "0", as_string_lit_null: "null" });
  });
});

/** Raw reads of the golden table's primitive columns (it has nested columns the raw reader does not type). */
const readDeltaRawColumns = async (tablePath: string, columns: string[]) => {
  const copy = path.join(await makeTempDir(), "golden");
  await fs.cp(tablePath, copy, { recursive: true });
  // Narrow the schema to the primitive columns; the data files are untouched.
  const log = path.join(copy, "_delta_log", "00000000000000000000.json");
  const lines = (await fs.readFile(log, "utf8")).split("\n").filter(Boolean);
  const patched = lines.map((line) => {
    const action = JSON.parse(line);
    if (!action.metaData) return line;
    const schema = JSON.parse(action.metaData.schemaString);
    schema.fields = schema.fields.filter((f: { name: string }) => columns.includes(f.name));
    action.metaData.schemaString = JSON.stringify(schema);
    return JSON.stringify(action);
  });
  await fs.writeFile(log, patched.join("\n"));
  const rows = await readDeltaRaw({ tablePath: copy, orderBy: ["value"] });
  return rows.map((row) => Object.fromEntries(columns.map((c) => [c, row[c]])));
};

describe("column defaults (one meaning for every reader)", () => {
  const createCards = async () => {
    const tablePath = await createTempTable({ name: "cards", columns: { id: "bigint", v: "int" } });
    for (let i = 0; i < 3; i += 1)
      await writeCommit({ tablePath, mode: "append", sourceSql: `SELECT ${i}::BIGINT AS id, ${i} AS v` });
    return tablePath;
  };

  it("appending a column with a default writes it into old rows for every reader; compaction then changes nothing", async () => {
    const tablePath = await createCards();
    const { version, rowsBackfilled } = await evolveSchema({
      tablePath,
      addColumns: [
        { name: "tier", type: "string", default: "basic" },
        { name: "score", type: "double", default: 0.5 },
        { name: "note", type: "string" },
      ],
    });
    expect(rowsBackfilled).toBe(3);
    await writeCommit({ tablePath, mode: "append", sourceSql: "SELECT 3::BIGINT AS id, 3 AS v, NULL AS tier" });
    const expected = [
      { id: "0", v: 0, tier: "basic", score: 0.5, note: null },
      { id: "1", v: 1, tier: "basic", score: 0.5, note: null },
      { id: "2", v: 2, tier: "basic", score: 0.5, note: null },
      { id: "3", v: 3, tier: null, score: 0.5, note: null },
    ];
    const before = await readBoth(tablePath, ["id"]);
    expect(before.larder).toEqual(expected);
    expect(before.raw).toEqual(expected);

    const compacted = await compactTable({ tablePath });
    expect(compacted.filesRemoved).toBeGreaterThan(1);
    const after = await readBoth(tablePath, ["id"]);
    expect(after.larder).toEqual(expected);
    expect(after.raw).toEqual(expected);
    expect(
      await readChangeRows({ tablePath, fromVersion: compacted.version - 1, toVersion: compacted.version }),
    ).toEqual([]);
    // The append itself is a real data change: old rows are updated from NULL to the default, as others see it.
    const changes = await readChangeRows({ tablePath, fromVersion: version - 1, toVersion: version });
    expect(changes.filter((c) => c._change_type === "update_postimage").map((c) => c.tier)).toEqual([
      "basic",
      "basic",
      "basic",
    ]);
    expect(changes.filter((c) => c._change_type === "update_preimage").map((c) => c.tier)).toEqual([null, null, null]);
    const commit = (await readRawCommits(tablePath)).find((c) => c.version === version)!;
    expect(commit.operation).toBe("ADD COLUMNS");
    expect(commit.adds.length).toBeGreaterThan(0);
    expect(commit.removes.length).toBeGreaterThan(0);
    expect(commit.adds.every((a) => a.dataChange) && commit.removes.every((r) => r.dataChange)).toBe(true);
    // Time travel to before the append still has the old schema and rows.
    const old = await readBoth(tablePath, ["id"], version - 1);
    expect(old.larder).toEqual(old.raw);
    expect(Object.keys(old.larder[0])).toEqual(["id", "v"]);
  });

  it("a column without a default is NULL for old rows everywhere and rewrites nothing", async () => {
    const tablePath = await createCards();
    const filesBefore = (await loadSnapshot({ tablePath })).files.map((f) => f.path);
    expect((await evolveSchema({ tablePath, addColumns: [{ name: "note", type: "string" }] })).rowsBackfilled).toBe(0);
    expect((await loadSnapshot({ tablePath })).files.map((f) => f.path)).toEqual(filesBefore);
    await compactTable({ tablePath });
    const { larder, raw } = await readBoth(tablePath, ["id"]);
    expect(larder.map((row) => row.note)).toEqual([null, null, null]);
    expect(raw).toEqual(larder);
  });

  it("a table evolved before defaults were written: compaction leaves its files alone, backfillDefaults aligns readers", async () => {
    const tablePath = await createCards();
    // The old way: a metaData-only commit carrying `larder.default`; old files lack the column.
    const snapshot = await loadSnapshot({ tablePath });
    const schema = JSON.parse(snapshot.metaData.schemaString);
    schema.fields.push({ name: "tier", type: "string", nullable: true, metadata: { "larder.default": "basic" } });
    const metaData = { ...snapshot.metaData, schemaString: JSON.stringify(schema) };
    await fs.writeFile(
      path.join(tablePath, "_delta_log", `${String(snapshot.version + 1).padStart(20, "0")}.json`),
      `${JSON.stringify({ commitInfo: { timestamp: Date.now() + 5, operation: "ADD COLUMNS" } })}\n${JSON.stringify({ metaData })}\n`,
    );
    const legacy = await readBoth(tablePath, ["id"]);
    expect(legacy.larder.map((row) => row.tier)).toEqual(["basic", "basic", "basic"]);
    expect(legacy.raw.map((row) => row.tier)).toEqual([null, null, null]);

    const compacted = await compactTable({ tablePath });
    expect(compacted.filesRemoved).toBe(0);
    expect(await readBoth(tablePath, ["id"])).toEqual(legacy);

    const backfilled = await backfillDefaults({ tablePath });
    expect(backfilled.rowsBackfilled).toBe(3);
    const aligned = await readBoth(tablePath, ["id"]);
    expect(aligned.larder).toEqual(legacy.larder);
    expect(aligned.raw).toEqual(legacy.larder);
    expect((await backfillDefaults({ tablePath })).version).toBe(backfilled.version); // nothing left to do
    expect((await compactTable({ tablePath })).filesRemoved).toBe(0); // one file left
    expect(await readBoth(tablePath, ["id"])).toEqual(aligned);
  });
});

describe("time travel to a vacuumed version", () => {
  it("names the vacuumed version and the oldest readable one, for versions, timestamps and changes", async () => {
    const tablePath = await createTempTable({ name: "vac", columns: { id: "bigint", v: "int" } });
    // Each upsert rewrites the one file: versions 1 and 2 lose their files to vacuum, 3 is the latest.
    for (let v = 1; v <= 3; v += 1)
      await writeCommit({ tablePath, mode: "upsert", sourceSql: `SELECT range AS id, ${v} AS v FROM range(5)` });
    const v1 = await loadSnapshot({ tablePath, asOf: { version: 1 } });
    await vacuumTable({ tablePath, retentionMs: 0, now: Date.now() + 1000 });

    const byVersion = await readRows({ tablePath, asOf: { version: 1 } }).catch((e: unknown) => e);
    expect(byVersion).toBeInstanceOf(DeltaVersionVacuumedError);
    expect(byVersion).toMatchObject({ version: 1, oldestReadableVersion: 3 });
    expect((byVersion as Error).message).toMatch(/version 1 was vacuumed.*oldest readable version is 3/);
    expect((byVersion as Error).message).not.toMatch(/No files found/);

    const byTime = await readRows({ tablePath, asOf: { timestamp: v1.timestamp } }).catch((e: unknown) => e);
    expect(byTime).toMatchObject({ version: 1, oldestReadableVersion: 3 });

    const changes = await readChangeRows({ tablePath, fromVersion: 1, toVersion: 3 }).catch((e: unknown) => e);
    expect(changes).toBeInstanceOf(DeltaVersionVacuumedError);
    expect(changes).toMatchObject({ version: 1 });

    expect((await readRows({ tablePath, asOf: { version: 3 } })).rows).toHaveLength(5);
  });
});

describe("partition column names", () => {
  it("refuses partition columns whose directories Delta readers would treat as hidden, writing nothing", async () => {
    const dir = await makeTempDir();
    for (const name of ["_region", ".region"]) {
      const tablePath = path.join(dir, `t${name}`);
      const error = await createDeltaTable({
        tablePath,
        schema: [
          { name: "id", type: "bigint" },
          { name, type: "string" },
        ],
        partitionColumns: [name],
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OfflineStoreInputError);
      expect(error).toMatchObject({ field: "partitionColumns" });
      await expect(fs.access(tablePath)).rejects.toThrow();
    }
  });
});
