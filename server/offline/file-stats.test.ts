import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseFileStats } from "./delta-actions";
import { snapshotFileStats } from "./file-stats";
import { compactTable, loadSnapshot, queryJsonRows, quoteIdent, readTable, withDuckDb, writeCommit } from "./index";
import { resolveDataFilePath } from "./paths";
import { createTempTable } from "@/test/fixtures/offline-tables";

// Larder's Delta writer records standard per-file statistics in every add action (numRecords, minValues,
// maxValues, nullCount), and what they say about a snapshot is what its data says. Checked here against the
// files themselves, for Larder's tables and for the golden tables Spark wrote.

const COLUMNS = {
  id: "bigint",
  i: "int",
  f: "float",
  d: "double",
  s: "string",
  long_text: "string",
  b: "boolean",
  day: "date",
  ts: "timestamp",
} as const;

const rowsSql = (from: number, count: number) =>
  `SELECT range AS id, CAST(range % 50 - 25 AS INTEGER) AS i,
     CASE WHEN range % 4 = 0 THEN NULL ELSE CAST(range / 7.0 AS FLOAT) END AS f,
     CASE WHEN range % 5 = 0 THEN NULL ELSE range * -1.25 END AS d,
     CASE WHEN range % 6 = 0 THEN NULL ELSE 'name-' || range END AS s,
     repeat('x', 70) || range AS long_text, range % 2 = 0 AS b,
     DATE '2026-01-01' + CAST(range % 40 AS INTEGER) AS day,
     TIMESTAMP '2026-01-01' + INTERVAL (range) SECOND AS ts
   FROM range(${from}, ${from + count})`;

describe("the Delta writer's file statistics", () => {
  it("state each file's rows, null counts and exact min/max (numbers, short strings, dates)", async () => {
    const tablePath = await createTempTable({ name: "stats", columns: COLUMNS });
    await writeCommit({ tablePath, mode: "append", sourceSql: rowsSql(0, 300) });
    await writeCommit({ tablePath, mode: "upsert", sourceSql: rowsSql(250, 200) });
    await compactTable({ tablePath });
    await writeCommit({ tablePath, mode: "append", sourceSql: rowsSql(1000, 10) });
    const snapshot = await loadSnapshot({ tablePath });
    expect(snapshot.files.length).toBeGreaterThan(1);
    await withDuckDb(undefined, async (connection) => {
      for (const file of snapshot.files) {
        const stats = parseFileStats(file.stats)!;
        const location = resolveDataFilePath({ tablePath, addPath: file.path });
        const select = Object.keys(COLUMNS).flatMap((name) => {
          const col = quoteIdent(name);
          return [`count(${col}) AS "${name}_n"`, `min(${col}) AS "${name}_min"`, `max(${col}) AS "${name}_max"`];
        });
        const [actual] = await queryJsonRows(
          connection,
          `SELECT count(*) AS rows, ${select.join(", ")} FROM read_parquet('${location}')`,
        );
        expect(stats.numRecords).toBe(Number(actual.rows));
        for (const name of Object.keys(COLUMNS)) {
          expect(stats.nullCount?.[name], `${name} nulls`).toBe(Number(actual.rows) - Number(actual[`${name}_n`]));
          const [min, max] = [stats.minValues?.[name], stats.maxValues?.[name]];
          if (["b", "ts", "long_text"].includes(name)) {
            // Booleans have no order worth stating; timestamps and long strings would be truncated bounds.
            expect([min, max], name).toEqual([undefined, undefined]);
          } else if (name === "f") {
            expect([Math.fround(min as number), Math.fround(max as number)]).toEqual([actual.f_min, actual.f_max]);
          } else {
            const typed = (value: unknown) => (["id"].includes(name) ? Number(value) : value);
            expect([min, max], name).toEqual([typed(actual[`${name}_min`]), typed(actual[`${name}_max`])]);
          }
        }
      }
    });
  });

  it("tell the snapshot's row count and numeric ranges exactly", async () => {
    const tablePath = await createTempTable({ name: "ranges", columns: COLUMNS });
    await writeCommit({ tablePath, mode: "append", sourceSql: rowsSql(0, 300) });
    await writeCommit({ tablePath, mode: "upsert", sourceSql: rowsSql(250, 200) });
    await withDuckDb(undefined, async (connection) => {
      const relation = await readTable({ tablePath, connection });
      const stated = snapshotFileStats(relation);
      const [actual] = await queryJsonRows(
        connection,
        `SELECT count(*) AS n, min(id) AS id_lo, max(id) AS id_hi, min(i) AS i_lo, max(i) AS i_hi,
           CAST(min(f) AS DOUBLE) AS f_lo, CAST(max(f) AS DOUBLE) AS f_hi, min(d) AS d_lo, max(d) AS d_hi
         FROM ${relation.sql} AS t`,
      );
      expect(stated.rowCount).toBe(Number(actual.n));
      for (const name of ["id", "i", "f", "d"])
        expect(stated.ranges.get(name), name).toEqual({
          min: Number(actual[`${name}_lo`]),
          max: Number(actual[`${name}_hi`]),
        });
      // Strings, dates and booleans have no range for bins.
      expect([...stated.ranges.keys()].sort()).toEqual(["d", "f", "i", "id"]);
    });
  });
});

const goldenRoot = process.env.LARDER_DELTA_GOLDEN ?? path.resolve(__dirname, "../../../shared/delta-golden");

describe("file statistics of the golden tables (written by Spark)", () => {
  const tables = fs.existsSync(goldenRoot)
    ? fs.readdirSync(goldenRoot).filter((name) => fs.existsSync(path.join(goldenRoot, name, "_delta_log")))
    : [];
  it("finds the golden tables", () => expect(tables.length).toBeGreaterThan(0));
  it("state row counts and ranges that agree with the data wherever they are complete", async () => {
    const withRanges: string[] = [];
    for (const table of tables.filter((name) => !name.startsWith("dv-"))) {
      await withDuckDb(undefined, async (connection) => {
        const relation = await readTable({ tablePath: path.join(goldenRoot, table), connection });
        const stated = snapshotFileStats(relation);
        const ranged = [...stated.ranges].filter((entry): entry is [string, { min: number; max: number }] =>
          Boolean(entry[1]),
        );
        const select = ranged.map(
          ([name], k) =>
            `CAST(min(${quoteIdent(name)}) AS DOUBLE) AS lo${k}, CAST(max(${quoteIdent(name)}) AS DOUBLE) AS hi${k}`,
        );
        const [actual] = await queryJsonRows(
          connection,
          `SELECT ${["count(*) AS n", ...select].join(", ")} FROM ${relation.sql} AS t`,
        );
        if (stated.rowCount !== null) expect(stated.rowCount, table).toBe(Number(actual.n));
        ranged.forEach(([name, range], k) =>
          expect(range, `${table}.${name}`).toEqual({ min: actual[`lo${k}`], max: actual[`hi${k}`] }),
        );
        if (ranged.length) withRanges.push(table);
      });
    }
    expect(withRanges).toContain("basic-with-inserts-deletes-checkpoint");
  });
});
