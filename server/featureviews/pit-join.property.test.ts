import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createDeltaTable, queryJsonRows, readTable, withDuckDb, writeCommit, type FeatureColumn } from "../offline";
import { makeTempDir } from "../offline/test-support";
import { buildPitJoinSql, type TEventTimeType, type TPitJoin } from "./pit-join";
import { applyUpserts, oraclePitJoin, type TOracleGroup, type TOracleRow } from "./testing/pit-oracle";

// The engine against the brute-force oracle on generated cases: five groups (star + snowflake, composite
// keys, timestamp/date/bigint event times, one without event time), equal timestamps, several commits per
// group with the table pinned at a random version (late-arriving rows with earlier event times after the
// pin must not appear), null keys and times, TTLs, duplicate spine rows and empty groups.

const HALF_DAY = 43_200;
const TIMES = [0, 1, 2, 3, 4, 5, 6].map((step) => step * HALF_DAY);
const BASE = Date.UTC(2026, 0, 1) / 1000;
const NUM_RUNS = Number(process.env.PIT_PROPERTY_RUNS ?? 100);

type TGroupShape = {
  alias: string;
  columns: FeatureColumn[];
  primaryKey: string[];
  eventTime: { column: string; type: TEventTimeType } | null;
  left: string;
  leftOn: string[];
  rightOn: string[];
  feature: string;
};

const GROUPS: TGroupShape[] = [
  { alias: "ga", columns: [{ name: "a", type: "bigint" }, { name: "ts", type: "timestamp" }, { name: "c", type: "bigint" }, { name: "fa", type: "string" }], primaryKey: ["a"], eventTime: { column: "ts", type: "timestamp" }, left: "spine", leftOn: ["a"], rightOn: ["a"], feature: "fa" },
  { alias: "gb", columns: [{ name: "b", type: "bigint" }, { name: "d", type: "date" }, { name: "fb", type: "string" }], primaryKey: ["b"], eventTime: { column: "d", type: "date" }, left: "spine", leftOn: ["b"], rightOn: ["b"], feature: "fb" },
  { alias: "gc", columns: [{ name: "c", type: "bigint" }, { name: "ts", type: "timestamp" }, { name: "fc", type: "string" }], primaryKey: ["c"], eventTime: { column: "ts", type: "timestamp" }, left: "ga", leftOn: ["c"], rightOn: ["c"], feature: "fc" },
  { alias: "gd", columns: [{ name: "a", type: "bigint" }, { name: "fd", type: "string" }], primaryKey: ["a"], eventTime: null, left: "spine", leftOn: ["a"], rightOn: ["a"], feature: "fd" },
  { alias: "ge", columns: [{ name: "a", type: "bigint" }, { name: "b", type: "bigint" }, { name: "ems", type: "bigint" }, { name: "fe", type: "string" }], primaryKey: ["a", "b"], eventTime: { column: "ems", type: "bigint" }, left: "spine", leftOn: ["a", "b"], rightOn: ["a", "b"], feature: "fe" },
];

const key = fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: 2 }) }, { weight: 1, arbitrary: fc.constant(null) });
const time = fc.constantFrom(...TIMES);
const ttl = fc.constantFrom(null, HALF_DAY, 2 * HALF_DAY);
const rawRow = fc.record({ a: key, b: key, c: key, t: time });
const groupData = fc.record({ commits: fc.array(fc.array(rawRow, { maxLength: 5 }), { maxLength: 3 }), pinOffset: fc.nat(3), ttl });
const spineRow = fc.record({ a: key, b: key, t: fc.oneof({ weight: 9, arbitrary: time }, { weight: 1, arbitrary: fc.constant(null) }) });
const caseArbitrary = fc.record({
  groups: fc.tuple(...GROUPS.map(() => groupData)),
  // Spine times fall on the data's timestamps (ties) or an hour after them.
  spine: fc.array(fc.oneof(spineRow, spineRow.map((row) => ({ ...row, t: row.t === null ? null : row.t + 3600 }))), { maxLength: 8 }).chain((rows) =>
    // Duplicate some spine rows verbatim.
    fc.subarray(rows).map((dupes) => [...rows, ...dupes]),
  ),
});

/** A group's row from generated values: the primary key (+ event time) is what the upsert keys on. */
const toGroupRow = (shape: TGroupShape, raw: { a: number | null; b: number | null; c: number | null; t: number }, commit: number): TOracleRow => {
  const row: TOracleRow = {};
  for (const column of shape.columns) {
    if (column.name === shape.feature) continue;
    if (column.name === "ts" || column.name === "d" || column.name === "ems") continue;
    row[column.name] = raw[column.name as "a" | "b" | "c"];
  }
  // Primary-key columns must not be null in a stored group (the ingest path rejects null keys) — but the
  // join must still cope with null keys on the left side, which the spine and ga.c provide.
  for (const column of shape.primaryKey) if (row[column] === null) row[column] = 0;
  const t = shape.eventTime?.type === "date" ? Math.floor(raw.t / 86_400) * 86_400 : raw.t;
  if (shape.eventTime) row.__time = t;
  row[shape.feature] = `${shape.alias}:${shape.primaryKey.map((column) => row[column]).join(",")}@${shape.eventTime ? t : "-"}#${commit}`;
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

describe("point-in-time join engine vs brute-force oracle", () => {
  it(`agrees on ${NUM_RUNS} generated cases`, async () => {
    let caseNumber = 0;
    let nonEmptyOutputs = 0;
    await fc.assert(
      fc.asyncProperty(caseArbitrary, async ({ groups, spine }) => {
        caseNumber += 1;
        const dir = await makeTempDir();
        const pitJoins: TPitJoin[] = [];
        const oracleGroups: TOracleGroup[] = [];
        const pinned: number[] = [];
        for (const [index, shape] of GROUPS.entries()) {
          const data = groups[index];
          const tablePath = path.join(dir, shape.alias);
          await createDeltaTable({ tablePath, schema: shape.columns, primaryKey: shape.primaryKey, eventTime: shape.eventTime?.column });
          const commits = data.commits.map((commit, commitIndex) => commit.map((raw) => toGroupRow(shape, raw, commitIndex)));
          let version = 0;
          const versions: number[] = [0];
          for (const commit of commits) {
            if (commit.length > 0) {
              const values = commit.map((row) => `(${shape.columns.map((column) => sqlValue(shape, column.name, row)).join(", ")})`).join(", ");
              const written = await writeCommit({ tablePath, mode: "upsert", sourceSql: `SELECT * FROM (VALUES ${values}) v(${shape.columns.map((column) => `"${column.name}"`).join(", ")})` });
              version = written.version;
            }
            versions.push(version);
          }
          // Pin at a random commit count: later commits (often with earlier event times) must stay invisible.
          const commitsVisible = Math.min(data.pinOffset, commits.length);
          pinned.push(versions[commitsVisible]);
          const visible = applyUpserts({ commits: commits.slice(0, commitsVisible), primaryKey: shape.primaryKey, eventTime: shape.eventTime ? "__time" : null });
          oracleGroups.push({ alias: shape.alias, rows: visible, primaryKey: shape.primaryKey, eventTime: shape.eventTime ? "__time" : null, ttlSeconds: shape.eventTime ? data.ttl : null, left: shape.left, leftOn: shape.leftOn, rightOn: shape.rightOn, columns: [{ source: shape.feature, output: shape.feature }] });
        }
        const spineRows = spine.map((row, index) => ({ rn: index, a: row.a, b: row.b, t: row.t }));
        const spineValues = spineRows.length
          ? `SELECT * FROM (VALUES ${spineRows.map((row) => `(${row.rn}, ${row.a ?? "NULL"}, ${row.b ?? "NULL"}, ${row.t === null ? "CAST(NULL AS TIMESTAMPTZ)" : `to_timestamp(${BASE + row.t})`})`).join(", ")}) v(rn, a, b, ts)`
          : "SELECT CAST(NULL AS BIGINT) AS rn, CAST(NULL AS BIGINT) AS a, CAST(NULL AS BIGINT) AS b, CAST(NULL AS TIMESTAMPTZ) AS ts WHERE FALSE";
        const actual = await withDuckDb(undefined, async (connection) => {
          for (const [index, shape] of GROUPS.entries()) {
            const relation = await readTable({ tablePath: path.join(dir, shape.alias), asOf: { version: pinned[index] }, connection });
            pitJoins.push({ alias: shape.alias, relationSql: relation.sql, left: shape.left, leftOn: shape.leftOn, rightOn: shape.rightOn, eventTime: shape.eventTime, ttlSeconds: oracleGroups[index].ttlSeconds, columns: [{ source: shape.feature, output: shape.feature }] });
          }
          const { sql } = buildPitJoinSql({
            spine: { relationSql: `(${spineValues})`, eventTime: { column: "ts", type: "timestamp" }, rowNumberSql: "t.rn", columns: [{ source: "a", output: "a" }, { source: "b", output: "b" }] },
            joins: pitJoins,
          });
          return queryJsonRows(connection, sql);
        });
        const expected = oraclePitJoin({
          spine: { rows: spineRows.map((row) => ({ ...row })), eventTime: "t", columns: [{ source: "a", output: "a" }, { source: "b", output: "b" }] },
          groups: oracleGroups,
        });
        const normalize = (rows: Record<string, unknown>[]) => rows.map((row) => Object.fromEntries(["a", "b", ...GROUPS.map((g) => g.feature)].map((column) => [column, row[column] === null || row[column] === undefined ? null : String(row[column])])));
        if (expected.some((row) => GROUPS.some((g) => row[g.feature] !== null))) nonEmptyOutputs += 1;
        expect(normalize(actual)).toEqual(normalize(expected));
      }),
      { numRuns: NUM_RUNS, endOnFailure: process.env.PIT_PROPERTY_NO_SHRINK === "1", seed: process.env.PIT_PROPERTY_SEED ? Number(process.env.PIT_PROPERTY_SEED) : undefined },
    );
    expect(caseNumber).toBeGreaterThanOrEqual(NUM_RUNS);
    // The generator must actually exercise matches, not only nulls.
    expect(nonEmptyOutputs).toBeGreaterThan(NUM_RUNS / 3);
  }, 180_000);
});
