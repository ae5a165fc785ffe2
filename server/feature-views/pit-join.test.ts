import { describe, expect, it } from "vitest";
import { readTable, ROW_ID_COLUMN, withDuckDb, writeCommit } from "../offline";
import { createTempTable } from "@/test/fixtures/offline-tables";
import { runPitJoin, type TPitJoin } from "./pit-join";

// One test per rule of the point-in-time join in docs/product.md and docs/feature-views.md, on tiny
// hand-written data (the property test covers their combinations).

const ts = (day: number) => `TIMESTAMPTZ '2026-01-${String(day).padStart(2, "0")} 00:00:00+00'`;
const spineOf = (rows: [number | null, number | null][]) =>
  `(SELECT * FROM (VALUES ${rows.map(([key, day], index) => `(${index}, CAST(${key ?? "NULL"} AS BIGINT), ${day === null ? "CAST(NULL AS TIMESTAMPTZ)" : ts(day)})`).join(", ")}) v(rn, k, t))`;
// Hand-written groups number their rows in `rid`, as readTable's row id does for Delta tables.
const groupOf = (rows: [number, number, string][]) =>
  `(SELECT * FROM (VALUES ${rows.map(([key, day, value], index) => `(${index}, ${key}, ${ts(day)}, '${value}')`).join(", ")}) v(rid, k, et, f))`;
const join = (relationSql: string, overrides: Partial<TPitJoin> = {}): TPitJoin => ({
  alias: "g",
  relationSql,
  rowId: "rid",
  left: "spine",
  leftOn: ["k"],
  rightOn: ["k"],
  eventTime: { column: "et", type: "timestamp" },
  ttlSeconds: null,
  columns: [{ source: "f", output: "f" }],
  ...overrides,
});
const run = async (spine: string, joins: TPitJoin[]) =>
  withDuckDb(undefined, async (connection) => {
    const rows = await runPitJoin(connection, {
      spine: {
        relationSql: spine,
        eventTime: { column: "t", type: "timestamp" },
        rowNumberSql: "t.rn",
        columns: [{ source: "k", output: "k" }],
      },
      joins,
    });
    return rows.map((row) => Object.fromEntries(Object.entries(row).filter(([key]) => !key.startsWith("_larder"))));
  });

describe("point-in-time join rules", () => {
  it("takes the latest row not after the label time; a row at exactly the label time counts; nothing from the future", async () => {
    const rows = await run(
      spineOf([
        [1, 5],
        [1, 10],
        [1, 3],
        [1, 1],
      ]),
      [
        join(
          groupOf([
            [1, 2, "d2"],
            [1, 5, "d5"],
            [1, 9, "d9"],
          ]),
        ),
      ],
    );
    expect(rows.map((r) => r.f)).toEqual(["d5", "d9", "d2", null]);
  });

  it("gives nulls for a match older than the TTL (an age of exactly the TTL is kept)", async () => {
    const rows = await run(
      spineOf([
        [1, 5],
        [1, 6],
        [1, 9],
      ]),
      [
        join(
          groupOf([
            [1, 2, "d2"],
            [1, 8, "d8"],
          ]),
          { ttlSeconds: 3 * 86_400 },
        ),
      ],
    );
    expect(rows.map((r) => r.f)).toEqual(["d2", null, "d8"]);
  });

  it("keeps one output row per spine row, duplicates included, in spine order; null keys and null times match nothing", async () => {
    const rows = await run(
      spineOf([
        [2, 5],
        [1, 5],
        [2, 5],
        [null, 5],
        [1, null],
      ]),
      [
        join(
          groupOf([
            [1, 1, "a"],
            [2, 1, "b"],
          ]),
        ),
      ],
    );
    expect(rows).toEqual([
      { k: "2", f: "b" },
      { k: "1", f: "a" },
      { k: "2", f: "b" },
      { k: null, f: null },
      { k: "1", f: null },
    ]);
  });

  it("joins a group without event time on key only, whatever the label time", async () => {
    const rows = await run(
      spineOf([
        [1, 1],
        [1, null],
        [3, 1],
      ]),
      [join("(SELECT * FROM (VALUES (0, 1, 'static')) v(rid, k, f))", { eventTime: null })],
    );
    expect(rows.map((r) => r.f)).toEqual(["static", "static", null]);
  });

  it("snowflake: the outer group's row is taken as of the label time, through the inner group's key", async () => {
    const cards =
      "(SELECT * FROM (VALUES (0, 1, TIMESTAMPTZ '2026-01-01 00:00:00+00', 'b1'), (1, 1, TIMESTAMPTZ '2026-01-06 00:00:00+00', 'b2')) v(rid, k, et, bank))";
    const banks =
      "(SELECT * FROM (VALUES (0, 'b1', TIMESTAMPTZ '2026-01-01 00:00:00+00', 'low'), (1, 'b1', TIMESTAMPTZ '2026-01-04 00:00:00+00', 'high'), (2, 'b2', TIMESTAMPTZ '2026-01-08 00:00:00+00', 'new')) v(rid, bank, et, risk))";
    const rows = await run(
      spineOf([
        [1, 3],
        [1, 5],
        [1, 7],
        [1, 9],
      ]),
      [
        join(cards, { alias: "cards", columns: [{ source: "bank", output: "bank" }] }),
        join(banks, {
          alias: "banks",
          left: "cards",
          leftOn: ["bank"],
          rightOn: ["bank"],
          columns: [{ source: "risk", output: "risk" }],
        }),
      ],
    );
    expect(rows.map((r) => [r.bank, r.risk])).toEqual([
      ["b1", "low"],
      ["b1", "high"],
      ["b2", null],
      ["b2", "new"],
    ]);
  });

  it("reads each group as of its pinned version: a late-arriving row with an earlier event time stays invisible", async () => {
    const tablePath = await createTempTable({
      name: "cards",
      columns: { k: "bigint", et: "timestamp", f: "string" },
      primaryKey: ["k"],
      eventTime: "et",
    });
    await writeCommit({ tablePath, mode: "upsert", sourceSql: `SELECT 1 AS k, ${ts(1)} AS et, 'early' AS f` });
    await writeCommit({ tablePath, mode: "upsert", sourceSql: `SELECT 1 AS k, ${ts(4)} AS et, 'late arrival' AS f` });
    const asOf = async (version: number) =>
      withDuckDb(undefined, async (connection) => {
        const relation = await readTable({ tablePath, asOf: { version }, rowId: true, connection });
        const rows = await runPitJoin(connection, {
          spine: {
            relationSql: spineOf([[1, 5]]),
            eventTime: { column: "t", type: "timestamp" },
            rowNumberSql: "t.rn",
            columns: [],
          },
          joins: [join(relation.sql, { rowId: ROW_ID_COLUMN })],
        });
        return rows[0].f;
      });
    expect(await asOf(1)).toBe("early");
    expect(await asOf(2)).toBe("late arrival");
  });

  it("reads an empty group as nulls", async () => {
    const rows = await run(spineOf([[1, 5]]), [
      join(
        "(SELECT 0 AS rid, CAST(1 AS BIGINT) AS k, TIMESTAMPTZ '2026-01-01 00:00:00+00' AS et, 'x' AS f WHERE FALSE)",
      ),
    ]);
    expect(rows).toEqual([{ k: "1", f: null }]);
  });
});
