import fs from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  compactTable,
  createDeltaTable,
  deleteTable,
  DeltaTableNotFoundError,
  evolveSchema,
  InvalidTablePathError,
  loadSnapshot,
  OfflineStoreInputError,
  queryJsonRows,
  readChangeRows,
  readRows,
  readTable,
  resolveTablePath,
  vacuumTable,
  withDuckDb,
  writeCommit,
} from "./index";
import { countRows, createTempTable, listAllFiles, makeTempDir, queryTable } from "@/test/fixtures/offline-tables";

const createSimple = (name = "t") => createTempTable({ name, columns: { id: "bigint", v: "int" } });
const upsertRange = (tablePath: string, from: number, n: number, v = 0) =>
  writeCommit({ tablePath, mode: "upsert", sourceSql: `SELECT range + ${from} AS id, ${v} AS v FROM range(${n})` });

describe("Delta log: checkpoints and validity", () => {
  it("writes a checkpoint at v10 and reads after 25 commits the same as a plain JSON replay", async () => {
    const tablePath = await createSimple();
    for (let i = 0; i < 25; i += 1) await upsertRange(tablePath, i * 3, 5, i); // overlapping keys: updates too
    const logFiles = await fs.readdir(path.join(tablePath, "_delta_log"));
    expect(logFiles).toContain("00000000000000000010.checkpoint.parquet");
    expect(logFiles).toContain("00000000000000000020.checkpoint.parquet");
    expect(JSON.parse(await fs.readFile(path.join(tablePath, "_delta_log", "_last_checkpoint"), "utf8")).version).toBe(
      20,
    );
    const withCheckpoint = await queryTable({ tablePath }, "SELECT * FROM {t} ORDER BY id");

    // Same table with the checkpoints removed: pure JSON replay must give the same rows.
    const copy = `${tablePath}-nocp`;
    await fs.cp(tablePath, copy, { recursive: true });
    for (const name of await fs.readdir(path.join(copy, "_delta_log"))) {
      if (name.includes("checkpoint")) await fs.rm(path.join(copy, "_delta_log", name));
    }
    expect(await queryTable({ tablePath: copy }, "SELECT * FROM {t} ORDER BY id")).toEqual(withCheckpoint);
    expect(withCheckpoint).toHaveLength(24 * 3 + 5);
    await fs.rm(copy, { recursive: true });

    // Our checkpoint is plain Parquet with the protocol's columns; DuckDB reads it directly.
    await withDuckDb(undefined, async (connection) => {
      const cp = path.join(tablePath, "_delta_log", "00000000000000000020.checkpoint.parquet");
      const reader = await connection.runAndReadAll(
        `SELECT count(add) AS adds, count(metaData) AS meta, count(protocol) AS proto, any_value(typeof(add.partitionValues)) AS pv FROM read_parquet('${cp}')`,
      );
      const [row] = reader.getRowObjectsJson();
      expect(row).toMatchObject({ meta: "1", proto: "1", pv: "MAP(VARCHAR, VARCHAR)" });
      const snapshot = await loadSnapshot({ tablePath, asOf: { version: 20 } });
      expect(Number(row.adds)).toBe(snapshot.files.length);
    });
  });

  it("writes a log that a plain DuckDB replay of the JSON commits agrees with", async () => {
    const tablePath = await createSimple();
    await upsertRange(tablePath, 0, 100);
    await upsertRange(tablePath, 50, 100, 1);
    await writeCommit({ tablePath, mode: "delete", sourceSql: "SELECT range AS id FROM range(10)" });
    const log = path.join(tablePath, "_delta_log");
    const rows = await withDuckDb(undefined, async (connection) => {
      // Independent replay: adds minus removes by path, then count rows of the live files.
      const reader = await connection.runAndReadAll(`
        WITH actions AS (SELECT * FROM read_json('${log}/*.json', format = 'newline_delimited', filename = true, union_by_name = true)),
        adds AS (SELECT add.path AS p FROM actions WHERE add IS NOT NULL),
        removes AS (SELECT remove.path AS p FROM actions WHERE remove IS NOT NULL)
        SELECT list(p) AS live FROM (SELECT p FROM adds EXCEPT SELECT p FROM removes)`);
      const live = (reader.getRowObjectsJson()[0].live as string[]).map(
        (p) => `'${path.join(tablePath, decodeURIComponent(p))}'`,
      );
      const count = await connection.runAndReadAll(`SELECT count(*) AS n FROM read_parquet([${live.join(",")}])`);
      return Number(count.getRowObjectsJson()[0].n);
    });
    expect(rows).toBe(140);
    expect(await countRows({ tablePath })).toBe(140);
  });
});

describe("partitioned tables", () => {
  it("writes Hive folders (null → __HIVE_DEFAULT_PARTITION__), reads partition values back, upserts within partitions", async () => {
    const tablePath = await createTempTable({
      name: "part",
      columns: { id: "bigint", country: "string", day: "date", x: "double" },
      partitionColumns: ["country", "day"],
    });
    await writeCommit({
      tablePath,
      mode: "upsert",
      sourceSql:
        "SELECT * FROM (VALUES (1, 'DE', DATE '2024-01-01', 1.0), (2, 'a/b=c%', DATE '2024-01-02', 2.0), (3, NULL, NULL, 3.0)) v(id, country, day, x)",
    });
    const files = (await listAllFiles(tablePath)).filter((f) => f.endsWith(".parquet"));
    expect(files.some((f) => f.startsWith("country=DE/day=2024-01-01/part-") && f.endsWith(".zstd.parquet"))).toBe(
      true,
    );
    expect(files.some((f) => f.startsWith("country=a%2Fb%3Dc%25/"))).toBe(true);
    expect(files.some((f) => f.startsWith("country=__HIVE_DEFAULT_PARTITION__/day=__HIVE_DEFAULT_PARTITION__/"))).toBe(
      true,
    );
    await writeCommit({
      tablePath,
      mode: "upsert",
      sourceSql: "SELECT 2 AS id, 'a/b=c%' AS country, DATE '2024-01-02' AS day, 20.0 AS x",
    });
    const { rows } = await readRows({ tablePath, orderBy: ["id"] });
    expect(rows).toEqual([
      { id: "1", country: "DE", day: "2024-01-01", x: 1 },
      { id: "2", country: "a/b=c%", day: "2024-01-02", x: 20 },
      { id: "3", country: null, day: null, x: 3 },
    ]);
    const relation = await readTable({ tablePath });
    expect(relation.sql).toContain("hive_partitioning = true");
    const snapshot = await loadSnapshot({ tablePath });
    expect(snapshot.files.find((f) => f.partitionValues.country === null)?.partitionValues).toEqual({
      country: null,
      day: null,
    });
  });
});

describe("maintenance", () => {
  it("compaction keeps every row, reduces the file count and adds no change rows", async () => {
    const tablePath = await createSimple();
    for (let i = 0; i < 6; i += 1) await upsertRange(tablePath, i * 100, 100, i);
    const before = await loadSnapshot({ tablePath });
    const rowsBefore = await queryTable({ tablePath }, "SELECT * FROM {t} ORDER BY id");
    const result = await compactTable({ tablePath, targetFileSizeBytes: 1024 * 1024 });
    expect(result).toMatchObject({ filesRemoved: 6, filesAdded: 1 });
    expect((await loadSnapshot({ tablePath })).files).toHaveLength(1);
    expect(await queryTable({ tablePath }, "SELECT * FROM {t} ORDER BY id")).toEqual(rowsBefore);
    expect(await readChangeRows({ tablePath, fromVersion: before.version, toVersion: result.version })).toEqual([]);
  });

  it("vacuum deletes only unreferenced files older than the retention, never live ones or the log", async () => {
    const tablePath = await createSimple();
    await upsertRange(tablePath, 0, 10);
    const v1Files = (await loadSnapshot({ tablePath })).files.map((f) => f.path);
    await upsertRange(tablePath, 5, 10, 1); // rewrites the v1 file
    const stray = path.join(tablePath, "part-stray.zstd.parquet");
    await fs.writeFile(stray, "not committed");

    expect((await vacuumTable({ tablePath, retentionMs: 60 * 60 * 1000 })).deletedFiles).toEqual([]);
    const { deletedFiles } = await vacuumTable({ tablePath, retentionMs: 0, now: Date.now() + 1000 });
    expect(deletedFiles.map((f) => path.basename(f)).sort()).toEqual([...v1Files, "part-stray.zstd.parquet"].sort());
    expect(await countRows({ tablePath })).toBe(15);
    expect((await fs.readdir(path.join(tablePath, "_delta_log"))).filter((f) => f.endsWith(".json"))).toHaveLength(3);
  });

  it("deleteTable removes a table and refuses a directory that is not one", async () => {
    const tablePath = await createSimple();
    await deleteTable({ tablePath });
    await expect(fs.access(tablePath)).rejects.toThrow();
    await expect(deleteTable({ tablePath })).rejects.toBeInstanceOf(DeltaTableNotFoundError);
  });
});

describe("schema evolution", () => {
  it("adds a column whose default fills rows of older files while new writes keep real values and nulls", async () => {
    const tablePath = await createSimple();
    await upsertRange(tablePath, 0, 3);
    await evolveSchema({
      tablePath,
      addColumns: [
        { name: "country", type: "string", default: "unknown" },
        { name: "w", type: "array<float>", default: [0, 1] },
      ],
    });
    expect(await queryTable({ tablePath }, "SELECT DISTINCT country, w FROM {t}")).toEqual([
      { country: "unknown", w: [0, 1] },
    ]);
    await writeCommit({
      tablePath,
      mode: "upsert",
      sourceSql: "SELECT * FROM (VALUES (10, 1, 'DE'), (11, 1, NULL)) v(id, v, country)",
    });
    const rows = await queryTable({ tablePath }, "SELECT id, country FROM {t} ORDER BY id");
    expect(rows.map((r) => r.country)).toEqual(["unknown", "unknown", "unknown", "DE", null]);
    // The old version still has the old schema.
    expect((await readTable({ tablePath, asOf: { version: 1 } })).columns.map((c) => c.name)).toEqual(["id", "v"]);
    await expect(
      evolveSchema({ tablePath, addColumns: [{ name: "bad", type: "int", default: "abc" }] }),
    ).rejects.toBeInstanceOf(OfflineStoreInputError);
  });
});

describe("row ids", () => {
  const idsOf = (tablePath: string) =>
    withDuckDb(undefined, async (connection) => {
      const relation = await readTable({ tablePath, rowId: true, connection });
      return queryJsonRows(
        connection,
        `SELECT _larder_rid AS rid, id, country, x FROM ${relation.sql} AS t ORDER BY id`,
      );
    });

  it("numbers every row uniquely, the same in every scan, across files, partitions and schema versions", async () => {
    const tablePath = await createTempTable({
      name: "rid",
      columns: { id: "bigint", country: "string" },
      partitionColumns: ["country"],
    });
    // Several commits (several files), partition values that force per-partition reads, then a new column.
    await writeCommit({
      tablePath,
      mode: "upsert",
      sourceSql: "SELECT range AS id, CASE WHEN range % 2 = 0 THEN 'a/b=c%' ELSE 'DE' END AS country FROM range(50)",
    });
    await writeCommit({
      tablePath,
      mode: "upsert",
      sourceSql: "SELECT range + 50 AS id, NULL AS country FROM range(30)",
    });
    await evolveSchema({ tablePath, addColumns: [{ name: "x", type: "double", default: 1.5 }] });
    await writeCommit({
      tablePath,
      mode: "upsert",
      sourceSql: "SELECT range + 80 AS id, 'FR' AS country, 2.5 AS x FROM range(20)",
    });
    expect((await loadSnapshot({ tablePath })).files.length).toBeGreaterThanOrEqual(4);

    const first = await idsOf(tablePath);
    const second = await idsOf(tablePath);
    expect(first).toHaveLength(100);
    expect(first.every((row) => row.rid !== null)).toBe(true);
    expect(new Set(first.map((row) => row.rid)).size).toBe(100);
    expect(second).toEqual(first);
    // Fetching a row by its id gives that row.
    const byId = await withDuckDb(undefined, async (connection) => {
      const relation = await readTable({ tablePath, rowId: true, connection });
      return queryJsonRows(connection, `SELECT id FROM ${relation.sql} AS t WHERE _larder_rid = ${first[87].rid}`);
    });
    expect(byId).toEqual([{ id: first[87].id }]);
  });

  it("refuses row ids when a data file has a column that hides DuckDB's file_index or file_row_number", async () => {
    const tablePath = await createTempTable({ name: "clash", columns: { id: "bigint", file_row_number: "bigint" } });
    await writeCommit({ tablePath, mode: "upsert", sourceSql: "SELECT 1 AS id, 7 AS file_row_number" });
    expect((await readRows({ tablePath })).rows).toEqual([{ id: "1", file_row_number: "7" }]);
    await expect(readTable({ tablePath, rowId: true })).rejects.toThrow(/file_row_number/);
  });
});

describe("hostile names and paths", () => {
  it("quotes unusual column names end to end and rejects names that break SQL or Hive paths", async () => {
    const odd = "it's a Wert/ü";
    const tablePath = await createTempTable({
      name: "odd names ' here",
      columns: { id: "int", [odd]: "string" },
      partitionColumns: [odd],
    });
    await writeCommit({ tablePath, mode: "upsert", sourceSql: `SELECT 1 AS id, 'x''y' AS "it's a Wert/ü"` });
    expect((await readRows({ tablePath })).rows).toEqual([{ id: 1, [odd]: "x'y" }]);
    for (const name of ['x"; DROP TABLE t; --', "a,b", " lead", "_larder_file"]) {
      await expect(
        createDeltaTable({ tablePath: `${tablePath}-2`, schema: [{ name, type: "int" }] }),
      ).rejects.toBeInstanceOf(OfflineStoreInputError);
    }
  });

  it("rejects table paths that escape the storage root or are not plain absolute paths", async () => {
    const root = await makeTempDir();
    expect(resolveTablePath({ storageRoot: root, relativePath: "project_1/fg_2" })).toBe(
      path.join(root, "project_1/fg_2"),
    );
    for (const relativePath of ["../other", "a/../../b", "/etc/passwd"]) {
      expect(() => resolveTablePath({ storageRoot: root, relativePath })).toThrow(InvalidTablePathError);
    }
    for (const tablePath of ["relative/path", `${root}/a*b`, `${root}/../x`, `${root}/x\u0000y`]) {
      await expect(createDeltaTable({ tablePath, schema: [{ name: "id", type: "int" }] })).rejects.toBeInstanceOf(
        InvalidTablePathError,
      );
    }
    await expect(readRows({ tablePath: "/tmp/elsewhere", storageRoot: root })).rejects.toBeInstanceOf(
      InvalidTablePathError,
    );
  });
});
