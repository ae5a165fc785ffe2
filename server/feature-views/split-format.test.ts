import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as datasetsRoute from "@/app/api/v1/projects/[project]/feature-views/[name]/[version]/training-datasets/route";
import * as splitRoute from "@/app/api/v1/projects/[project]/training-datasets/[name]/[version]/splits/[split]/route";
import { createFeatureView } from "@/server/feature-views";
import { queryJsonRows, quoteLiteral, withDuckDb } from "@/server/offline";
import { createFeatureGroup } from "@/server/registry/feature-groups";
import { callRoute, sessionCookie, waitForJobEnd } from "@/test/helpers";
import { commitRows, useOwnedProject } from "@/test/fixtures/test-project";

// Format conversion on download carries the view's declared types whatever the stored format: for every feature
// type (an all-null column, an on-demand feature and a 0-row split included), a dataset stored as CSV and
// downloaded as Parquet has the schema and values of the same dataset stored as Parquet, and one stored as Parquet
// and downloaded as CSV has the text of it stored as CSV. Empty strings stay empty strings, nulls stay null.

const fx = useOwnedProject({ workerTypes: ["training-dataset"] });
let scratch: string;

const DAY = 86_400_000;
const T0 = Date.parse("2026-01-01T00:00:00Z");
const iso = (days: number) => new Date(T0 + days * DAY).toISOString();

// Feature type → what DuckDB reads back from the Parquet file, and the Parquet physical type that holds it.
const TYPES: [string, string, string, string][] = [
  // name, feature type, DuckDB type, Parquet physical type
  ["id", "bigint", "BIGINT", "INT64"],
  ["i", "int", "INTEGER", "INT32"],
  ["f", "float", "FLOAT", "FLOAT"],
  ["b", "bigint", "BIGINT", "INT64"],
  ["d", "double", "DOUBLE", "DOUBLE"],
  ["flag", "boolean", "BOOLEAN", "BOOLEAN"],
  ["s", "string", "VARCHAR", "BYTE_ARRAY"],
  ["day", "date", "DATE", "INT32"],
  ["ts", "timestamp", "TIMESTAMP WITH TIME ZONE", "INT64"],
  ["nothing", "double", "DOUBLE", "DOUBLE"],
  ["at", "timestamp", "TIMESTAMP WITH TIME ZONE", "INT64"],
];

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), "larder-split-format-"));
  const { owner, project, ctx, access } = fx;
  await createFeatureGroup({
    ctx,
    access,
    input: {
      name: "typed",
      primaryKey: ["id"],
      eventTime: "at",
      features: TYPES.map(([name, type]) => ({ name, type: type as "int" })),
    },
  });
  // Values that a guess from text gets wrong: small ints, float32 values, exponents, '' next to NULL, microseconds.
  const rows = [
    `(1, 7, 0.1::FLOAT, 9007199254740993, 0.1, true, '', DATE '2026-01-02', TIMESTAMPTZ '2026-01-02 03:04:05.123456+00', NULL::DOUBLE, TIMESTAMPTZ '${iso(1)}')`,
    `(2, -2147483648, 1e-7::FLOAT, -5, 1e300, false, 'a "quoted", text', DATE '1970-01-01', TIMESTAMPTZ '1999-12-31 23:59:59+00', NULL, TIMESTAMPTZ '${iso(2)}')`,
    `(3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, TIMESTAMPTZ '${iso(3)}')`,
    `(4, 0, -0.5::FLOAT, 0, -0.0, true, 'line\nbreak', DATE '2026-12-31', TIMESTAMPTZ '2026-06-30 12:00:00+00', NULL, TIMESTAMPTZ '${iso(6)}')`,
  ];
  await commitRows(project.id, "typed", rows, TYPES.map(([name]) => `"${name}"`).join(", "));
  await createFeatureView({
    ctx,
    access,
    input: {
      name: "typed_view",
      root: { featureGroup: { name: "typed", version: 1 } },
      onDemandFeatures: [{ name: "i_plus_one", expression: "i + 1" }],
    },
  });
  // The same dataset twice, stored as CSV and as Parquet; its validation split selects no row.
  for (const format of ["csv", "parquet"]) {
    const created = await callRoute(
      datasetsRoute.POST,
      { project: project.name, name: "typed_view", version: "1" },
      {
        userId: owner.id,
        method: "POST",
        body: {
          name: `typed_${format}`,
          format,
          split: {
            type: "time",
            train: { start: iso(0), end: iso(3) },
            validation: { start: iso(100), end: iso(101) },
            test: { start: iso(3), end: iso(10) },
          },
        },
      },
    );
    expect(created.status, JSON.stringify(created.json)).toBe(202);
    const job = await waitForJobEnd(created.json.job.id);
    expect(job.status, job.error ?? "").toBe("SUCCEEDED");
  }
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

/** Downloads a split (in `format`, or as stored) into a file and returns its path. */
const download = async (name: string, split: string, format: "csv" | "parquet" | null) => {
  const response = await splitRoute.GET(
    new Request(`http://localhost/x${format ? `?format=${format}` : ""}`, {
      headers: { cookie: await sessionCookie(fx.owner.id) },
    }),
    { params: Promise.resolve({ project: fx.project.name, name, version: "1", split }) },
  );
  expect(response.status).toBe(200);
  const file = path.join(scratch, `${name}_${split}_${format ?? "stored"}_${Math.random().toString(36).slice(2)}`);
  await writeFile(file, Buffer.from(await response.arrayBuffer()));
  return file;
};
const parquet = (file: string) =>
  withDuckDb(undefined, async (connection) => ({
    columns: (await queryJsonRows(connection, `DESCRIBE SELECT * FROM read_parquet(${quoteLiteral(file)})`)).map(
      (row) => [String(row.column_name), String(row.column_type)],
    ),
    physical: (
      await queryJsonRows(
        connection,
        `SELECT name, type FROM parquet_schema(${quoteLiteral(file)}) WHERE num_children IS NULL OR num_children = 0`,
      )
    ).map((row) => [String(row.name), String(row.type)]),
    rows: await queryJsonRows(connection, `SELECT * FROM read_parquet(${quoteLiteral(file)})`),
  }));
const text = (file: string) => readFile(file, "utf8");

const EXPECTED_COLUMNS = [...TYPES.map(([name, , duckType]) => [name, duckType]), ["i_plus_one", "DOUBLE"]];
const EXPECTED_PHYSICAL = [...TYPES.map(([name, , , physical]) => [name, physical]), ["i_plus_one", "DOUBLE"]];

describe("training dataset downloads in the other format", () => {
  it.each(["train", "validation", "test"])(
    "%s: stored CSV → Parquet has the declared schema and the values of the Parquet-stored dataset",
    async (split) => {
      const converted = await parquet(await download("typed_csv", split, "parquet"));
      const native = await parquet(await download("typed_parquet", split, null));
      expect(converted.columns).toEqual(EXPECTED_COLUMNS);
      expect(converted.physical).toEqual(EXPECTED_PHYSICAL);
      expect(native.columns).toEqual(EXPECTED_COLUMNS);
      expect(converted.rows).toEqual(native.rows);
      expect(converted.rows.length).toBe({ train: 2, validation: 0, test: 2 }[split]);
      if (split === "train") {
        expect(converted.rows.map((row) => [row.s, row.nothing, row.i, row.f])).toEqual([
          ["", null, 7, 0.10000000149011612],
          ['a "quoted", text', null, -2147483648, 1.0000000116860974e-7],
        ]);
      }
    },
  );

  it.each(["train", "validation", "test"])(
    "%s: stored Parquet → CSV is the text of the CSV-stored dataset",
    async (split) => {
      const converted = await text(await download("typed_parquet", split, "csv"));
      const native = await text(await download("typed_csv", split, null));
      expect(converted).toBe(native);
      expect(converted.split("\n")[0]).toBe(EXPECTED_COLUMNS.map(([name]) => name).join(","));
    },
  );
});
