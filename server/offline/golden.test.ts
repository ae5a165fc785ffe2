import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadSnapshot, readRows, readTable, UnsupportedDeltaTableError, withDuckDb } from "./index";
import { deltaTypeName } from "./delta-schema";

// Golden tables written by Spark's reference implementation; `shared/` sits beside the repository.
const goldenRoot = process.env.LARDER_DELTA_GOLDEN ?? path.resolve(__dirname, "../../../shared/delta-golden");
type TManifestTable = {
  name: string;
  status: "supported" | "unsupported-expected";
  latestVersion: number;
  schema: { name: string; type: string }[];
  partitionColumns: string[];
  perVersion: { version: number; rows: number; liveFiles: number }[];
};
const manifest: { tables: TManifestTable[] } | undefined = fs.existsSync(path.join(goldenRoot, "manifest.json"))
  ? JSON.parse(fs.readFileSync(path.join(goldenRoot, "manifest.json"), "utf8"))
  : undefined;

const countRows = (tablePath: string, version: number) =>
  withDuckDb(undefined, async (connection) => {
    const relation = await readTable({ tablePath, asOf: { version }, connection });
    const reader = await connection.runAndReadAll(`SELECT count(*) AS n FROM ${relation.sql} AS t`);
    return { count: Number(reader.getRowObjectsJson()[0].n), relation };
  });

// Missing tables fail the suite (a skipped suite would read as green).
describe("Delta golden tables (written by Spark)", () => {
  const tables = manifest?.tables ?? [];
  it("finds the golden tables", () => {
    expect(
      manifest,
      `No Delta golden tables at ${goldenRoot}/manifest.json: put shared/delta-golden beside the repository, or point LARDER_DELTA_GOLDEN at it`,
    ).toBeDefined();
    expect(tables.filter((t) => t.status === "supported").length).toBeGreaterThan(0);
  });
  for (const table of tables.filter((t) => t.status === "supported")) {
    it(`${table.name}: row count, live files and schema match at every version`, async () => {
      const tablePath = path.join(goldenRoot, table.name);
      const finalSchema = table.schema.map((c) => `${c.name}:${c.type}`);
      for (const expected of table.perVersion) {
        const snapshot = await loadSnapshot({ tablePath, asOf: { version: expected.version } });
        expect(snapshot.files.length, `live files at v${expected.version}`).toBe(expected.liveFiles);
        const { count, relation } = await countRows(tablePath, expected.version);
        expect(count, `rows at v${expected.version}`).toBe(expected.rows);
        if (expected.version === table.latestVersion) {
          expect(relation.columns.map((c) => `${c.name}:${c.type}`)).toEqual(finalSchema);
          expect(snapshot.partitionColumns).toEqual(table.partitionColumns);
          expect(snapshot.schema.fields.map((f) => `${f.name}:${deltaTypeName(f.type)}`)).toEqual(finalSchema);
        }
      }
    });
  }

  it("refuses the deletion-vector table with UnsupportedDeltaTableError naming the reason", async () => {
    const tablePath = path.join(goldenRoot, "dv-partitioned-with-checkpoint");
    const error = await loadSnapshot({ tablePath }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedDeltaTableError);
    expect((error as UnsupportedDeltaTableError).reason).toMatch(/minReaderVersion 3.*deletionVectors/);
    await expect(readTable({ tablePath, asOf: { version: 2 } })).rejects.toBeInstanceOf(UnsupportedDeltaTableError);
  });

  it("reads typed partition values, including nulls and the literal string 'null'", async () => {
    const { rows } = await readRows({
      tablePath: path.join(goldenRoot, "data-reader-partition-values"),
      columns: [
        "as_int",
        "as_long",
        "as_boolean",
        "as_double",
        "as_string_lit_null",
        "as_date",
        "as_timestamp",
        "as_big_decimal",
        "value",
      ],
      orderBy: ["value"],
    });
    expect(rows[0]).toMatchObject({
      as_int: 0,
      as_long: "0",
      as_boolean: true,
      as_double: 0,
      as_string_lit_null: "null",
      as_date: "2021-09-08",
      as_big_decimal: "0",
      value: "0",
    });
    expect(String(rows[1].as_timestamp)).toContain("2021-09-08 11:11:11");
    expect(rows[2]).toMatchObject({
      as_int: null,
      as_long: null,
      as_boolean: null,
      as_string_lit_null: null,
      as_date: null,
      as_timestamp: null,
      value: "2",
    });
  });

  it("decodes escaped add paths once and takes partition values from the log", async () => {
    const { rows } = await readRows({ tablePath: path.join(goldenRoot, "data-reader-escaped-chars"), orderBy: ["_1"] });
    expect(rows).toEqual([
      { _1: "foo1", _2: "bar+%21" },
      { _1: "foo2", _2: "bar+%22" },
      { _1: "foo3", _2: "bar+%23" },
    ]);
  });

  it("reads INT96 timestamps, decimals, and fills a column missing from old files with null", async () => {
    const ts = await readRows({ tablePath: path.join(goldenRoot, "data-reader-date-types-UTC") });
    expect(String(ts.rows[0].timestamp)).toContain("2020-01-01 08:09:10");
    const decimals = await readRows({ tablePath: path.join(goldenRoot, "basic-decimal-table"), orderBy: ["part"] });
    expect(decimals.rows.map((r) => r.col3)).toContain("-9999999999.9999999999");
    const evolved = await readRows({
      tablePath: path.join(goldenRoot, "time-travel-schema-changes-b"),
      orderBy: ["id"],
    });
    expect(evolved.rows[0]).toEqual({ id: "0", part: null });
    expect(evolved.rows[19]).toEqual({ id: "19", part: "19" });
    const old = await readRows({
      tablePath: path.join(goldenRoot, "time-travel-schema-changes-b"),
      asOf: { version: 0 },
    });
    expect(old.columns.map((c) => c.name)).toEqual(["id"]);
  });
});
