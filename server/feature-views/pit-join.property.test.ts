import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createDeltaTable, readTable, ROW_ID_COLUMN, withDuckDb, writeCommit, type TFeatureColumn } from "../offline";
import { makeTempDir } from "@/test/fixtures/offline-tables";
import { runPitJoin, type TEventTimeType, type TPitJoin } from "./pit-join";
import { applyUpserts, oraclePitJoin, type TOracleGroup, type TOracleRow } from "@/test/fixtures/pit-oracle";
import { featureList } from "@/test/fixtures/test-project";

// The engine against the brute-force oracle on generated cases: five groups (star + snowflake, composite
// keys, timestamp/date/bigint event times, one without event time), equal timestamps, several commits per
// group with the table pinned at a random version (late-arriving rows with earlier event times after the
// pin must not appear), null keys and times, TTLs, duplicate spine rows and empty groups.

const HALF_DAY = 43_200;
const TIMES = [0, 1, 2, 3, 4, 5, 6].map((step) => step * HALF_DAY);
const BASE = Date.UTC(2026, 0, 1) / 1000;
// Cases share Delta tables in batches (the case id is part of every key), because one commit costs ~100 ms:
// BATCHES × CASES_PER_BATCH cases, each batch with its own random pinned versions.
const BATCHES = Number(process.env.PIT_PROPERTY_BATCHES ?? 10);
const CASES_PER_BATCH = 20;

type TGroupShape = {
  alias: string;
  columns: TFeatureColumn[];
  primaryKey: string[];
  eventTime: { column: string; type: TEventTimeType } | null;
  left: string;
  leftOn: string[];
  rightOn: string[];
  feature: string;
};

const GROUPS: TGroupShape[] = [
  {
    alias: "ga",
    columns: featureList({ k: "bigint", a: "bigint", ts: "timestamp", c: "bigint", fa: "string" }),
    primaryKey: ["k", "a"],
    eventTime: { column: "ts", type: "timestamp" },
    left: "spine",
    leftOn: ["k", "a"],
    rightOn: ["k", "a"],
    feature: "fa",
  },
  {
    alias: "gb",
    columns: featureList({ k: "bigint", b: "bigint", d: "date", fb: "string" }),
    primaryKey: ["k", "b"],
    eventTime: { column: "d", type: "date" },
    left: "spine",
    leftOn: ["k", "b"],
    rightOn: ["k", "b"],
    feature: "fb",
  },
  {
    alias: "gc",
    columns: featureList({ k: "bigint", c: "bigint", ts: "timestamp", fc: "string" }),
    primaryKey: ["k", "c"],
    eventTime: { column: "ts", type: "timestamp" },
    left: "ga",
    leftOn: ["k", "c"],
    rightOn: ["k", "c"],
    feature: "fc",
  },
  {
    alias: "gd",
    columns: featureList({ k: "bigint", a: "bigint", fd: "string" }),
    primaryKey: ["k", "a"],
    eventTime: null,
    left: "spine",
    leftOn: ["k", "a"],
    rightOn: ["k", "a"],
    feature: "fd",
  },
  {
    alias: "ge",
    columns: featureList({ k: "bigint", a: "bigint", b: "bigint", ems: "bigint", fe: "string" }),
    primaryKey: ["k", "a", "b"],
    eventTime: { column: "ems", type: "bigint" },
    left: "spine",
    leftOn: ["k", "a", "b"],
    rightOn: ["k", "a", "b"],
    feature: "fe",
  },
];

const key = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 0, max: 2 }) },
  { weight: 1, arbitrary: fc.constant(null) },
);
const time = fc.constantFrom(...TIMES);
const rawRow = fc.record({ a: key, b: key, c: key, t: time });
// Per case and group: up to 3 commits of up to 5 rows (0 commits = an empty group).
const groupData = fc.array(fc.array(rawRow, { maxLength: 5 }), { maxLength: 3 });
const spineRow = fc.record({
  a: key,
  b: key,
  t: fc.oneof({ weight: 9, arbitrary: time }, { weight: 1, arbitrary: fc.constant(null) }),
});
const caseArbitrary = fc.record({
  groups: fc.tuple(...GROUPS.map(() => groupData)),
  // Spine times fall on the data's timestamps (ties) or an hour after them; some rows are duplicated.
  spine: fc
    .array(
      fc.oneof(
        spineRow,
        spineRow.map((row) => ({ ...row, t: row.t === null ? null : row.t + 3600 })),
      ),
      { maxLength: 8 },
    )
    .chain((rows) => fc.subarray(rows).map((dupes) => [...rows, ...dupes])),
});
const batchArbitrary = fc.record({
  cases: fc.array(caseArbitrary, { minLength: CASES_PER_BATCH, maxLength: CASES_PER_BATCH }),
  // Per group: how many commits are visible at the pinned version, and its TTL.
  pins: fc.tuple(...GROUPS.map(() => fc.nat(3))),
  ttls: fc.tuple(...GROUPS.map(() => fc.constantFrom(null, HALF_DAY, 2 * HALF_DAY))),
});

type TRaw = { a: number | null; b: number | null; c: number | null; t: number };

/** A group's row from generated values: the primary key (+ event time) is what the upsert keys on. */
const toGroupRow = (shape: TGroupShape, raw: TRaw, caseId: number, commit: number): TOracleRow => {
  const row: TOracleRow = { k: caseId };
  for (const column of ["a", "b", "c"] as const)
    if (shape.columns.some((c) => c.name === column)) row[column] = raw[column];
  // Stored primary keys are never null (ingest rejects them); null keys still reach the join from the
  // spine and from ga.c (the snowflake's left side).
  for (const column of shape.primaryKey) if (row[column] === null) row[column] = 0;
  const t = shape.eventTime?.type === "date" ? Math.floor(raw.t / 86_400) * 86_400 : raw.t;
  if (shape.eventTime) row.__time = t;
  row[shape.feature] =
    `${shape.alias}:${shape.primaryKey.map((column) => row[column]).join(",")}@${shape.eventTime ? t : "-"}#${commit}`;
  return row;
};

const sqlValue = (shape: TGroupShape, column: string, row: TOracleRow): string => {
  if (column === shape.eventTime?.column) {
    const t = row.__time as number;
    if (shape.eventTime.type === "timestamp") return `to_timestamp(${BASE + t})`;
    if (shape.eventTime.type === "date") return `CAST(to_timestamp(${BASE + t}) AS DATE)`;
    return `CAST(${(BASE + t) * 1000} AS BIGINT)`;
  }
  const value = row[column];
  if (value === null || value === undefined) return "NULL";
  return typeof value === "number" ? `CAST(${value} AS BIGINT)` : `'${value}'`;
};

const OUTPUT_COLUMNS = ["k", "a", "b", ...GROUPS.map((g) => g.feature)];
const normalize = (rows: Record<string, unknown>[]) =>
  rows.map((row) =>
    Object.fromEntries(
      OUTPUT_COLUMNS.map((column) => [
        column,
        row[column] === null || row[column] === undefined ? null : String(row[column]),
      ]),
    ),
  );

describe("point-in-time join engine vs brute-force oracle", () => {
  it(`agrees on ${BATCHES * CASES_PER_BATCH} generated cases`, async () => {
    let cases = 0;
    let spineRows = 0;
    let matchedValues = 0;
    await fc.assert(
      fc.asyncProperty(batchArbitrary, async ({ cases: batch, pins, ttls }) => {
        const dir = await makeTempDir();
        const oracleGroups: TOracleGroup[] = [];
        const pinned: number[] = [];
        for (const [index, shape] of GROUPS.entries()) {
          const tablePath = path.join(dir, shape.alias);
          await createDeltaTable({
            tablePath,
            schema: shape.columns,
            primaryKey: shape.primaryKey,
            eventTime: shape.eventTime?.column,
          });
          // Table commit i holds every case's commit i; later commits often carry earlier event times.
          const commits = [0, 1, 2].map((commitIndex) =>
            batch.flatMap((testCase, caseId) =>
              (testCase.groups[index][commitIndex] ?? []).map((raw) => toGroupRow(shape, raw, caseId, commitIndex)),
            ),
          );
          const versions = [0];
          let version = 0;
          for (const commit of commits) {
            if (commit.length > 0) {
              const values = commit
                .map((row) => `(${shape.columns.map((column) => sqlValue(shape, column.name, row)).join(", ")})`)
                .join(", ");
              version = (
                await writeCommit({
                  tablePath,
                  mode: "upsert",
                  sourceSql: `SELECT * FROM (VALUES ${values}) v(${shape.columns.map((column) => `"${column.name}"`).join(", ")})`,
                })
              ).version;
            }
            versions.push(version);
          }
          pinned.push(versions[pins[index]]);
          const visible = applyUpserts({
            commits: commits.slice(0, pins[index]),
            primaryKey: shape.primaryKey,
            eventTime: shape.eventTime ? "__time" : null,
          });
          oracleGroups.push({
            alias: shape.alias,
            rows: visible,
            primaryKey: shape.primaryKey,
            eventTime: shape.eventTime ? "__time" : null,
            ttlSeconds: shape.eventTime ? ttls[index] : null,
            left: shape.left,
            leftOn: shape.leftOn,
            rightOn: shape.rightOn,
            columns: [{ source: shape.feature, output: shape.feature }],
          });
        }
        const spine = batch
          .flatMap((testCase, caseId) => testCase.spine.map((row) => ({ k: caseId, ...row })))
          .map((row, rn) => ({ rn, ...row }));
        const spineSql = spine.length
          ? `(SELECT * FROM (VALUES ${spine.map((row) => `(${row.rn}, ${row.k}, ${row.a ?? "NULL"}, ${row.b ?? "NULL"}, ${row.t === null ? "CAST(NULL AS TIMESTAMPTZ)" : `to_timestamp(${BASE + row.t})`})`).join(", ")}) v(rn, k, a, b, ts))`
          : "(SELECT 1 AS rn, 1 AS k, 1 AS a, 1 AS b, CAST(NULL AS TIMESTAMPTZ) AS ts WHERE FALSE)";
        const spineColumns = ["k", "a", "b"].map((column) => ({ source: column, output: column }));
        const actual = await withDuckDb(undefined, async (connection) => {
          const joins: TPitJoin[] = [];
          for (const [index, shape] of GROUPS.entries()) {
            const relation = await readTable({
              tablePath: path.join(dir, shape.alias),
              asOf: { version: pinned[index] },
              rowId: true,
              connection,
            });
            joins.push({
              alias: shape.alias,
              relationSql: relation.sql,
              rowId: ROW_ID_COLUMN,
              left: shape.left,
              leftOn: shape.leftOn,
              rightOn: shape.rightOn,
              eventTime: shape.eventTime,
              ttlSeconds: oracleGroups[index].ttlSeconds,
              columns: [{ source: shape.feature, output: shape.feature }],
            });
          }
          return runPitJoin(connection, {
            spine: {
              relationSql: spineSql,
              eventTime: { column: "ts", type: "timestamp" },
              rowNumberSql: "t.rn",
              columns: spineColumns,
            },
            joins,
          });
        });
        const expected = oraclePitJoin({
          spine: { rows: spine, eventTime: "t", columns: spineColumns },
          groups: oracleGroups,
        });
        cases += batch.length;
        spineRows += spine.length;
        matchedValues += expected.reduce((sum, row) => sum + GROUPS.filter((g) => row[g.feature] !== null).length, 0);
        expect(normalize(actual)).toEqual(normalize(expected));
      }),
      {
        numRuns: BATCHES,
        endOnFailure: process.env.PIT_PROPERTY_NO_SHRINK === "1",
        seed: process.env.PIT_PROPERTY_SEED ? Number(process.env.PIT_PROPERTY_SEED) : undefined,
      },
    );
    console.info(JSON.stringify({ pitOracle: { cases, spineRows, matchedValues } }));
    expect(cases).toBeGreaterThanOrEqual(BATCHES * CASES_PER_BATCH);
    // The generator must exercise matches, not only nulls (typically ~0.5 matched values per spine row).
    expect(matchedValues).toBeGreaterThan(spineRows / 4);
  }, 480_000);
});
