import fs from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { describeRelation, type TRelationStatistics, type TStatisticsOptions, writeCommit } from "./index";
import type { TStatisticsColumn } from "./statistics-sql";
import { createTempTable, queryTable } from "@/test/fixtures/offline-tables";

// The statistics passes over a Delta snapshot: bins counted in the aggregate pass with ranges from the log's file
// statistics must be exactly those of a first pass over the data (and of a brute-force count here), files without
// stats or with wrong ones must not change a number, and the grouping pass must count string values exactly.

const OPTIONS: TStatisticsOptions = {
  quantiles: [0.01, 0.25, 0.5, 0.75, 0.99],
  histograms: true,
  bins: 7,
  topValues: 20,
  correlations: true,
  exactDistinct: false,
  exactQuantileMaxRows: 1_000_000,
};

const NUMERIC_COLUMNS = { id: "bigint", i: "int", f: "float", d: "double", none: "double", flat: "double" } as const;
const COLUMNS: TStatisticsColumn[] = [
  ...Object.keys(NUMERIC_COLUMNS).map((name) => ({ name, kind: "numeric" as const })),
  { name: "s", kind: "string" },
  { name: "b", kind: "boolean" },
  { name: "t", kind: "temporal" },
];

/** Two commits (two files) of numbers of every numeric type, with nulls, negatives, 32-bit fractions. */
const numbersTable = async () => {
  const tablePath = await createTempTable({
    name: "numbers",
    columns: { ...NUMERIC_COLUMNS, s: "string", b: "boolean", t: "timestamp" },
  });
  const rows = (from: number, count: number) =>
    `SELECT range AS id, CAST((range * 37) % 101 - 50 AS INTEGER) AS i,
       CASE WHEN range % 9 = 0 THEN NULL ELSE CAST(range * 0.1 - 3.3 AS FLOAT) END AS f,
       CASE WHEN range % 7 = 0 THEN NULL ELSE (range * 7919 % 1000) / 3.0 - 100 END AS d,
       CAST(NULL AS DOUBLE) AS none, 2.5 AS flat, 'k' || (range % 13) AS s, range % 3 = 0 AS b,
       TIMESTAMP '2026-01-01' + INTERVAL (range) MINUTE AS t
     FROM range(${from}, ${from + count})`;
  await writeCommit({ tablePath, mode: "append", sourceSql: rows(0, 400) });
  await writeCommit({ tablePath, mode: "append", sourceSql: rows(400, 250) });
  return tablePath;
};

const describeTable = (tablePath: string, fileStats = true) =>
  describeRelation({ source: { tablePath }, columns: COLUMNS, options: { ...OPTIONS, fileStats } });

/** Equal-width bins over [min, max] counted in JavaScript, the way the documentation defines them. */
const bruteForceBins = (values: number[], bins: number) => {
  const [min, max] = [Math.min(...values), Math.max(...values)];
  const width = (max - min) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const x of values) counts[Math.min(Math.max(Math.floor((x - min) / width), 0), bins - 1)] += 1;
  return { min, max, counts };
};

/**
 * The same statistics: every count, bin, extreme, percentile and top value exactly; the floating-point sums (mean,
 * std, sum, Pearson's r) to the last few bits, since DuckDB's threads add partial sums in any order.
 */
const expectSameStatistics = (actual: TRelationStatistics, expected: TRelationStatistics) => {
  const close = (a: number | null, b: number | null, what: string) =>
    a === null || b === null
      ? expect(a, what).toBe(b)
      : expect(Math.abs(a - b), what).toBeLessThan(1e-9 * (1 + Math.abs(b)));
  const exact = (statistics: TRelationStatistics) =>
    statistics.columns.map((column) => ({ ...column, mean: null, std: null, sum: null }));
  expect(exact(actual)).toEqual(exact(expected));
  expected.columns.forEach((column, i) => {
    for (const field of ["mean", "std", "sum"] as const)
      close(actual.columns[i][field], column[field], `${column.name}.${field}`);
  });
  expect(actual.correlations?.names).toEqual(expected.correlations?.names);
  expected.correlations?.matrix.forEach((row, a) =>
    row.forEach((r, b) => close(actual.correlations!.matrix[a][b], r, `r ${a} ${b}`)),
  );
};

/** Rewrites one commit file of the log, action by action. */
const editCommit = async (tablePath: string, version: number, edit: (add: Record<string, unknown>) => void) => {
  const file = path.join(tablePath, "_delta_log", `${String(version).padStart(20, "0")}.json`);
  const actions = (await fs.readFile(file, "utf8"))
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { add?: Record<string, unknown> });
  for (const action of actions) if (action.add) edit(action.add);
  await fs.writeFile(file, actions.map((action) => JSON.stringify(action)).join("\n") + "\n");
};

describe("describeRelation over a Delta snapshot", () => {
  it("counts the bins with the ranges from the log in the aggregate pass, exactly as a first pass would", async () => {
    const tablePath = await numbersTable();
    const fromLog = await describeTable(tablePath);
    const fromData = await describeTable(tablePath, false);
    // The aggregate pass and the grouping pass; the first pass (count, ranges) is not needed.
    expect(fromLog).toMatchObject({ rowCount: 650, passes: 2, rangesFromLog: 5 });
    expect(fromData).toMatchObject({ rowCount: 650, passes: 3, rangesFromLog: 0 });
    expectSameStatistics(fromLog, fromData);

    const data = await queryTable({ tablePath }, "SELECT i, CAST(f AS DOUBLE) AS f, d FROM {t}");
    for (const name of ["i", "f", "d"]) {
      const values = data.map((row) => row[name]).filter((value): value is number => value !== null);
      const expected = bruteForceBins(values, OPTIONS.bins);
      const column = fromLog.columns.find((candidate) => candidate.name === name)!;
      expect(column.histogram, name).toMatchObject({ kind: "bins", counts: expected.counts });
      expect(column).toMatchObject({ min: expected.min, max: expected.max, count: values.length });
    }
    const byName = new Map(fromLog.columns.map((column) => [column.name, column]));
    expect(byName.get("none")).toMatchObject({ count: 0, histogram: null });
    expect(byName.get("flat")!.histogram).toEqual({ kind: "bins", edges: [2.5, 2.5], counts: [650] });
    expect(byName.get("s")).toMatchObject({ distinct: 13, distinctExact: true, count: 650 });
  });

  it("reads the data for files without stats, and recounts the bins when the log states a wrong range", async () => {
    const tablePath = await numbersTable();
    const truth = await describeTable(tablePath, false);
    // An older commit (or another writer) without stats: count and ranges come from a first pass.
    await editCommit(tablePath, 1, (add) => delete add.stats);
    const withoutStats = await describeTable(tablePath);
    expect(withoutStats).toMatchObject({ passes: 3, rangesFromLog: 0 });
    expectSameStatistics(withoutStats, truth);
    // Stats that claim a narrower range than the data holds: the bins are counted again over the true range.
    await editCommit(tablePath, 2, (add) => {
      const stats = JSON.parse(String(add.stats));
      stats.maxValues.d = 0;
      add.stats = JSON.stringify(stats);
    });
    await editCommit(tablePath, 1, (add) => {
      add.stats = JSON.stringify({ numRecords: 400, minValues: { d: -1 }, maxValues: { d: 0 }, nullCount: { d: 0 } });
    });
    const wrong = await describeTable(tablePath);
    // The other columns lost their stats in the edit: one first pass for them, then the recount of d.
    expect(wrong).toMatchObject({ passes: 4, rangesFromLog: 1 });
    expectSameStatistics(wrong, truth);
  });

  it("counts string values exactly: distinct, min, max, lengths and the top values with ties by value", async () => {
    // 34 string columns: more than one grouping query holds (32 columns each).
    const names = Array.from({ length: 34 }, (_, j) => `c${j}`);
    const tablePath = await createTempTable({
      name: "strings",
      columns: Object.fromEntries([["id", "bigint"], ...names.map((name) => [name, "string"])]),
    });
    const select = names.map(
      (name, j) =>
        `CASE WHEN range % ${j + 5} = 0 THEN NULL ELSE 'v' || repeat('x', CAST(range % 3 AS INTEGER)) || ((range * ${j + 1}) % ${j * 2 + 3}) END AS ${name}`,
    );
    await writeCommit({
      tablePath,
      mode: "append",
      sourceSql: `SELECT range AS id, ${select.join(", ")} FROM range(300)`,
    });
    const described = await describeRelation({
      source: { tablePath },
      columns: names.map((name) => ({ name, kind: "string" })),
      options: OPTIONS,
    });
    expect(described.passes).toBe(2);
    const rows = await queryTable({ tablePath }, `SELECT ${names.join(", ")} FROM {t}`);
    const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    names.forEach((name, j) => {
      const values = rows.map((row) => row[name]).filter((value): value is string => value !== null);
      const counts = new Map<string, number>();
      for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
      const top = [...counts]
        .map(([value, count]) => ({ value, count }))
        .sort((a, b) => b.count - a.count || byCodePoint(a.value, b.value))
        .slice(0, 20);
      const sorted = [...counts.keys()].sort(byCodePoint);
      const lengths = values.map((value) => value.length);
      expect(described.columns[j], name).toEqual({
        name,
        kind: "string",
        count: values.length,
        distinct: counts.size,
        distinctExact: true,
        min: sorted[0],
        max: sorted.at(-1),
        mean: null,
        std: null,
        sum: null,
        percentiles: null,
        stringLength: {
          min: Math.min(...lengths),
          max: Math.max(...lengths),
          mean: lengths.reduce((total, length) => total + length, 0) / lengths.length,
        },
        histogram: { kind: "top", values: top, other: values.length - top.reduce((t, e) => t + e.count, 0) },
      });
    });
    // Some column has more than 20 values and ties at the cut: the smaller values are kept.
    expect(described.columns.some((column) => column.histogram?.kind === "top" && column.histogram.other > 0)).toBe(
      true,
    );
  });
});
