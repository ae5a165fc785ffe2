import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import {
  createDeltaTable,
  type TFeatureColumn,
  listCommits,
  loadSnapshot,
  OfflineStoreInputError,
  OperationAbortedError,
  readChangeRows,
  readRows,
  writeCommit,
} from "./index";
import { countRows, listAllFiles, makeTempDir, queryTable } from "@/test/fixtures/offline-tables";
import { featureList } from "@/test/fixtures/test-project";

const SCHEMA: TFeatureColumn[] = featureList({ id: "bigint", name: "string", score: "double" });

const newTable = async (extra: Partial<Parameters<typeof createDeltaTable>[0]> = {}) => {
  const tablePath = path.join(await makeTempDir(), "fg_1");
  await createDeltaTable({ tablePath, schema: SCHEMA, primaryKey: ["id"], ...extra });
  return tablePath;
};

/** A new table with one commit of `rows` rows (ids 0…rows-1, name 'a', score 1.0), written in `mode`. */
const tableWithRows = async (mode: "append" | "upsert", rows: number) => {
  const tablePath = await newTable();
  await writeCommit({
    tablePath,
    mode,
    sourceSql: `SELECT range AS id, 'a' AS name, 1.0 AS score FROM range(${rows})`,
  });
  return tablePath;
};

const rowsById = async (tablePath: string, asOf?: { version: number } | { timestamp: number }) =>
  (await readRows({ tablePath, asOf, orderBy: ["id"], limit: 1000 })).rows;

describe("writeCommit", () => {
  it("appends, upserts (update + insert, last duplicate wins) and deletes by key, one commit each", async () => {
    const tablePath = await newTable();
    const first = await writeCommit({
      tablePath,
      mode: "append",
      sourceSql: "SELECT range AS id, 'n' || range AS name, range * 1.0 AS score FROM range(5)",
      commitInfo: { jobId: "job-1", userId: "usr-1" },
    });
    expect(first).toMatchObject({ version: 1, rowsInserted: 5, rowsUpdated: 0, alreadyCommitted: false });

    const upsert = await writeCommit({
      tablePath,
      mode: "upsert",
      sourceSql: "SELECT * FROM (VALUES (1, 'old', 0.0), (1, 'updated', 10.0), (7, 'new', 7.0)) v(id, name, score)",
    });
    expect(upsert).toMatchObject({ version: 2, rowsInserted: 1, rowsUpdated: 1, rowsDeleted: 0, filesRemoved: 1 });
    const afterUpsert = await rowsById(tablePath);
    expect(afterUpsert.map((r) => r.id)).toEqual(["0", "1", "2", "3", "4", "7"]);
    expect(afterUpsert[1]).toEqual({ id: "1", name: "updated", score: 10 });

    const deleted = await writeCommit({
      tablePath,
      mode: "delete",
      sourceSql: "SELECT * FROM (VALUES (2), (3), (99)) v(id)",
    });
    expect(deleted).toMatchObject({ version: 3, rowsDeleted: 2, rowsInserted: 0 });
    expect((await rowsById(tablePath)).map((r) => r.id)).toEqual(["0", "1", "4", "7"]);

    // Time travel by version and by timestamp.
    expect((await rowsById(tablePath, { version: 1 })).map((r) => r.name)).toEqual(["n0", "n1", "n2", "n3", "n4"]);
    const commits = await listCommits({ tablePath });
    expect(commits.map((c) => [c.version, c.operation])).toEqual([
      [3, "DELETE"],
      [2, "MERGE"],
      [1, "WRITE"],
      [0, "CREATE TABLE"],
    ]);
    expect(commits[2]).toMatchObject({ jobId: "job-1", userId: "usr-1", metrics: { rowsInserted: 5 } });
    const v2Time = commits[1].timestamp;
    expect(await countRows({ tablePath, asOf: { timestamp: v2Time } })).toBe(6);
    expect(await countRows({ tablePath, asOf: { timestamp: v2Time - 1 } })).toBe(5);

    // Changes between v1 and v3: key 1 updated, 7 inserted, 2 and 3 deleted; untouched rows cancel out.
    const changes = await readChangeRows({ tablePath, fromVersion: 1, toVersion: 3 });
    const summary = changes.map((c) => `${c._change_type}:${c.id}:${c.name}`).sort();
    expect(summary).toEqual([
      "delete:2:n2",
      "delete:3:n3",
      "insert:7:new",
      "update_postimage:1:updated",
      "update_preimage:1:n1",
    ]);
  });

  it("keeps history per event time: same key, new event time is a new row; same (key, time) replaces", async () => {
    const tablePath = path.join(await makeTempDir(), "fg_time");
    await createDeltaTable({
      tablePath,
      schema: [...SCHEMA, { name: "ts", type: "timestamp" }],
      primaryKey: ["id"],
      eventTime: "ts",
    });
    const src = (rows: string) =>
      `SELECT id, name, score, ts::TIMESTAMP AS ts FROM (VALUES ${rows}) v(id, name, score, ts)`;
    await writeCommit({
      tablePath,
      mode: "upsert",
      sourceSql: src("(1, 'a', 1.0, '2024-01-01'), (1, 'b', 2.0, '2024-02-01')"),
    });
    const second = await writeCommit({
      tablePath,
      mode: "upsert",
      sourceSql: src("(1, 'b2', 3.0, '2024-02-01'), (1, 'c', 4.0, '2024-03-01')"),
    });
    expect(second).toMatchObject({ rowsUpdated: 1, rowsInserted: 1 });
    const rows = await queryTable({ tablePath }, "SELECT name FROM {t} ORDER BY ts");
    expect(rows.map((r) => r.name)).toEqual(["a", "b2", "c"]);
    const removed = await writeCommit({ tablePath, mode: "delete", sourceSql: "SELECT 1 AS id" });
    expect(removed.rowsDeleted).toBe(3);
  });

  it("is idempotent per txn: the same appId/version twice gives one commit", async () => {
    const tablePath = await newTable();
    const params = {
      tablePath,
      mode: "append" as const,
      sourceSql: "SELECT range AS id, 'x' AS name, 1.0 AS score FROM range(10)",
      txn: { appId: "ingest-job-42", version: 1 },
    };
    const first = await writeCommit(params);
    const retry = await writeCommit(params);
    expect(retry).toEqual({ ...first, alreadyCommitted: true });
    expect(await countRows({ tablePath })).toBe(10);
    expect((await loadSnapshot({ tablePath })).version).toBe(1);
  });

  it("two concurrent writers in one process both land, no row lost", async () => {
    const tablePath = await newTable();
    const write = (offset: number) =>
      writeCommit({
        tablePath,
        mode: "upsert",
        sourceSql: `SELECT range + ${offset} AS id, 'w' AS name, 0.5 AS score FROM range(1000)`,
      });
    const results = await Promise.all([write(0), write(1000), write(500)]);
    expect(results.map((r) => r.version).sort()).toEqual([1, 2, 3]);
    expect(await countRows({ tablePath })).toBe(2000);
  });

  it("writers in separate processes serialize through the exclusive commit file", async () => {
    const tablePath = await newTable();
    const script = path.join("test", "fixtures", "concurrent-writer.ts");
    const run = (start: number) =>
      promisify(execFile)(
        process.execPath,
        ["--conditions=react-server", "--import", "tsx", script, tablePath, String(start), "6"],
        {
          cwd: path.resolve(__dirname, "../.."),
        },
      );
    await Promise.all([run(0), run(100)]);
    const snapshot = await loadSnapshot({ tablePath });
    expect(snapshot.version).toBe(12);
    expect(await countRows({ tablePath })).toBe(12);
  }, 120_000);

  it("an abort or a source that fails midway leaves no data file and no commit", async () => {
    const tablePath = await tableWithRows("append", 100);
    const before = await listAllFiles(tablePath);

    const failing = writeCommit({
      tablePath,
      mode: "upsert",
      sourceSql:
        "SELECT range AS id, 'b' AS name, CASE WHEN range = 150000 THEN error('boom') ELSE 1.0 END AS score FROM range(200000)",
    });
    await expect(failing).rejects.toThrow(/boom/);

    const controller = new AbortController();
    const aborted = writeCommit({
      tablePath,
      mode: "upsert",
      sourceSql: "SELECT range AS id, 'c' AS name, 2.0 AS score FROM range(50)",
      signal: controller.signal,
      onProgress: (fraction) => {
        if (fraction >= 0.5) controller.abort();
      },
    });
    await expect(aborted).rejects.toBeInstanceOf(OperationAbortedError);

    expect(await listAllFiles(tablePath)).toEqual(before);
    expect((await loadSnapshot({ tablePath })).version).toBe(1);
  });

  it("rejects unknown source columns and missing keys with the offending field", async () => {
    const tablePath = await newTable();
    const error = await writeCommit({ tablePath, mode: "upsert", sourceSql: "SELECT 1 AS id, 2 AS nope" }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(OfflineStoreInputError);
    expect(error.field).toBe("nope");
    await expect(writeCommit({ tablePath, mode: "upsert", sourceSql: "SELECT 'x' AS name" })).rejects.toMatchObject({
      field: "id",
    });
  });

  it("prunes by file stats: an upsert of new keys rewrites no existing file", async () => {
    const tablePath = await tableWithRows("upsert", 1000);
    const result = await writeCommit({
      tablePath,
      mode: "upsert",
      sourceSql: "SELECT range + 5000 AS id, 'b' AS name, 1.0 AS score FROM range(10)",
    });
    expect(result).toMatchObject({ filesRemoved: 0, rowsRewritten: 0, rowsInserted: 10 });
    await fs.access(tablePath);
  });
});
