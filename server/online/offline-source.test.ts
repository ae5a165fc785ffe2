import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createDeltaTable, readTable, withDuckDb, writeCommit } from "../offline";
import { makeTempDir } from "@/test/fixtures/offline-tables";
import { bucketOf, encodeKey, encodeLine, parseLines, type TOnlineGroup } from "../online-store";
import { latestRowsSql, streamLines, sweepOrphanPipeDirs } from "./offline-source";
import { featureList } from "@/test/fixtures/test-project";

// The bulk line stream from DuckDB to the online stores: DuckDB's SQL must encode keys and rows exactly as the
// JavaScript codec does (the stores find rows by these keys and buckets), whatever the values hold, in bucket and
// key order, in chunks, resuming after a key.

const HOSTILE = [
  "plain",
  "tab\there",
  "new\nline",
  "cr\rx",
  "pipe|and\\backslash",
  "ctl\u0001\u0002",
  "quote\"'",
  "ünïcødé ✓",
];

const group: TOnlineGroup = {
  id: "fg_lines",
  projectId: "prj_lines",
  primaryKey: ["name", "n"],
  eventTime: "ts",
  ttlSeconds: null,
  features: featureList({
    name: "string",
    n: "bigint",
    ts: "timestamp",
    label: "string",
    score: "double",
    flag: "boolean",
    vec: "array<float>",
  }),
};

const setUp = async () => {
  const tablePath = path.join(await makeTempDir(), "lines");
  await createDeltaTable({
    tablePath,
    schema: group.features.map((f) => ({ ...f })),
    primaryKey: group.primaryKey,
    eventTime: "ts",
  });
  const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;
  const rows = HOSTILE.map(
    (text, index) =>
      `(${literal(text)}, ${index}, TIMESTAMPTZ '2026-01-01 00:00:00+00' + INTERVAL ${index} HOUR, ${index === 2 ? "NULL" : literal(`${text}!`)}, ${index * 0.5}, ${index % 2 === 0}, [${index}.5, 1.0]::FLOAT[])`,
  );
  await writeCommit({
    tablePath,
    mode: "upsert",
    sourceSql: `SELECT * FROM (VALUES ${rows.join(", ")}) v(name, n, ts, label, score, flag, vec)`,
  });
  // An older row for the first key: the latest one must win.
  await writeCommit({
    tablePath,
    mode: "upsert",
    sourceSql: `SELECT 'plain' AS name, 0 AS n, TIMESTAMPTZ '2025-01-01 00:00:00+00' AS ts, 'old' AS label, 9.9 AS score, false AS flag, [0.0]::FLOAT[] AS vec`,
  });
  return tablePath;
};

const pipesLeft = () => readdirSync(os.tmpdir()).filter((name) => name.startsWith("larder-lines-")).length;

describe("bulk lines out of DuckDB", () => {
  it("encodes hostile keys and values the way the codec does, latest row per key, in bucket and key order, in chunks, resumable", async () => {
    const tablePath = await setUp();
    const before = pipesLeft();
    const scan = (afterKey: string[] | null, chunkRows: number, order: "bucket" | "key" = "bucket") =>
      withDuckDb(undefined, async (connection) => {
        const relation = await readTable({ tablePath, connection });
        const collected = [];
        for await (const chunk of streamLines({
          connection,
          sql: latestRowsSql({ group, relationSql: relation.sql, afterKey, order }),
          chunkRows,
        }))
          collected.push(chunk);
        return collected;
      });
    const chunks = await scan(null, 3);
    expect(chunks.map((chunk) => chunk.count)).toEqual([3, 3, 2]);
    const rows = chunks.flatMap((chunk) => parseLines(chunk.text));
    const order = (key: string[]) => `${bucketOf(encodeKey(key))} ${key[0]}`;
    const sorted = HOSTILE.map((text, index) => [text, String(index)]).sort((a, b) =>
      order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0,
    );
    expect(rows.map((row) => row.key)).toEqual(sorted);
    expect(chunks.map((chunk) => chunk.lastKey)).toEqual([rows[2].key, rows[5].key, rows[7].key]);
    const plain = rows.find((row) => row.key[0] === "plain")!;
    expect(plain).toEqual({
      key: ["plain", "0"],
      eventTimeUs: Date.UTC(2026, 0, 1) * 1000,
      values: ["2026-01-01T00:00:00.000000Z", "plain!", "0.0", "true", "[0.5, 1.0]"],
    });
    expect(rows.find((row) => row.key[0] === "new\nline")!.values[1]).toBeNull();
    // DuckDB's lines are byte for byte what the codec writes for the same rows.
    expect(chunks.map((chunk) => chunk.text).join("")).toBe(rows.map(encodeLine).join(""));
    // One line per chunk: the older row of 'plain' then follows its key's chunk, and is still dropped.
    expect(parseLines((await scan(null, 1)).map((chunk) => chunk.text).join(""))).toEqual(rows);
    // Resuming after the fourth key yields exactly the last four rows (a killed materialization continues so).
    const resumed = await scan(rows[3].key, 100);
    expect(parseLines(resumed.map((chunk) => chunk.text).join(""))).toEqual(rows.slice(4));
    // Key order (the PostgreSQL store's): the same rows by primary key, resumable the same way.
    const byKey = parseLines((await scan(null, 3, "key")).map((chunk) => chunk.text).join(""));
    const keyOrder = (key: string[]) => key[0];
    expect(byKey).toEqual(
      [...rows].sort((a, b) => (keyOrder(a.key) < keyOrder(b.key) ? -1 : keyOrder(a.key) > keyOrder(b.key) ? 1 : 0)),
    );
    expect(parseLines((await scan(byKey[3].key, 100, "key")).map((chunk) => chunk.text).join(""))).toEqual(
      byKey.slice(4),
    );
    expect(pipesLeft()).toBe(before);
  });

  it("stops DuckDB and removes the pipe when the reader stops early, and reports a failing query without hanging", async () => {
    const tablePath = await setUp();
    const before = pipesLeft();
    await withDuckDb(undefined, async (connection) => {
      const relation = await readTable({ tablePath, connection });
      for await (const chunk of streamLines({
        connection,
        sql: latestRowsSql({ group, relationSql: relation.sql }),
        chunkRows: 1,
      })) {
        expect(chunk.count).toBe(1);
        break;
      }
      // The connection is usable afterwards.
      await connection.run("SELECT 1");
      const failing = (async () => {
        for await (const _ of streamLines({ connection, sql: "SELECT error('boom') AS line", chunkRows: 10 })) void _;
      })();
      await expect(failing).rejects.toThrow(/boom/);
    });
    expect(pipesLeft()).toBe(before);
    expect(existsSync(tablePath)).toBe(true);
  });

  it("removes the pipe directories of processes that are gone (a SIGKILLed worker's), never a live process's", async () => {
    // A pid that is certainly not running: a child that has exited.
    const deadPid = Number(
      execFileSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]).toString(),
    );
    const orphan = path.join(os.tmpdir(), `larder-lines-${deadPid}-test`);
    const mine = path.join(os.tmpdir(), `larder-lines-${process.pid}-test`);
    const parent = path.join(os.tmpdir(), `larder-lines-${process.ppid}-test`);
    for (const dir of [orphan, mine, parent]) {
      mkdirSync(dir, { recursive: true });
      execFileSync("mkfifo", [path.join(dir, "lines")]);
    }
    try {
      const removed = await sweepOrphanPipeDirs();
      expect(removed).toContain(path.basename(orphan));
      expect(existsSync(orphan)).toBe(false);
      expect(existsSync(mine)).toBe(true);
      expect(existsSync(parent)).toBe(true);
    } finally {
      for (const dir of [orphan, mine, parent]) execFileSync("rm", ["-rf", dir]);
    }
  });
});
