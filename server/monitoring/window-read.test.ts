import { describe, expect, it } from "vitest";
import { withDuckDb } from "../offline";
import { readWindowColumns } from "./window-read";

// A window's columns read in one pass: nulls and NaN both count as null, integers read as doubles, values sorted,
// categorical nulls counted apart — across many DuckDB chunks (2,048 rows each) and past the first buffer.

const ROWS = 50_000;
const RELATION = `(SELECT
    CASE WHEN i % 10 = 0 THEN NULL WHEN i % 10 = 1 THEN 'NaN'::DOUBLE ELSE (i % 997) / 4.0 END AS x,
    CAST(${ROWS} - i AS INTEGER) AS n,
    CASE WHEN i % 4 = 0 THEN NULL ELSE 'v' || (i % 3)::VARCHAR END AS c
  FROM (SELECT range AS i FROM range(${ROWS})))`;

describe("readWindowColumns", () => {
  it("reads every numeric column in one scan and each categorical by value", async () => {
    const read = await withDuckDb({ memoryLimit: "256MB", threads: 1 }, (connection) =>
      readWindowColumns(connection, RELATION, [
        { name: "x", kind: "numeric" },
        { name: "n", kind: "numeric" },
        { name: "c", kind: "categorical" },
      ]),
    );
    expect(read.rows).toBe(ROWS);
    const x = read.columns.get("x");
    const n = read.columns.get("n");
    const c = read.columns.get("c");
    if (x?.kind !== "numeric" || n?.kind !== "numeric" || c?.kind !== "categorical") throw new Error("kinds");
    expect(x.values).toMatchObject({ rows: ROWS, nulls: ROWS / 5 });
    expect(x.values.sorted).toHaveLength((ROWS * 4) / 5);
    const expected = Array.from({ length: ROWS }, (_, i) => i)
      .filter((i) => i % 10 > 1)
      .map((i) => (i % 997) / 4)
      .sort((a, b) => a - b);
    expect([...x.values.sorted]).toEqual(expected);
    expect(n.values.nulls).toBe(0);
    expect(n.values.sorted[0]).toBe(1);
    expect(n.values.sorted.at(-1)).toBe(ROWS);
    expect(c).toMatchObject({ rows: ROWS, nulls: ROWS / 4 });
    expect([...c.counts.values()].reduce((sum, count) => sum + count, 0)).toBe((ROWS * 3) / 4);
  });

  it("reads a window of 0 rows as 0 rows", async () => {
    const read = await withDuckDb({ memoryLimit: "256MB", threads: 1 }, (connection) =>
      readWindowColumns(connection, "(SELECT NULL::DOUBLE AS x, NULL::VARCHAR AS c WHERE false)", [
        { name: "x", kind: "numeric" },
        { name: "c", kind: "categorical" },
      ]),
    );
    expect(read.rows).toBe(0);
    expect(read.columns.get("x")).toMatchObject({ values: { rows: 0, nulls: 0 } });
    expect(read.columns.get("c")).toMatchObject({ rows: 0, nulls: 0 });
  });
});
