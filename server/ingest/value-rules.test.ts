import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { queryJsonRows, quoteLiteral, withDuckDb } from "../offline";
import { checkJsonValue, timestampToEpochMs, typedValueSql } from "./value-rules";
import type { TFeatureType } from "@/lib/api/feature-groups";
import { isoWithOffset } from "@/test/fixtures/iso-with-offset";

// One definition, two checks: every value in the corpus gets the same verdict from the request check of JSON rows
// (JavaScript) and from the job's check of files (DuckDB SQL over text), and a timestamp the same instant.

const CORPUS: [TFeatureType, string[]][] = [
  ["string", ["a", "", "a\u0000b", "straße"]],
  ["int", ["0", "-2147483648", "2147483647", "2147483648", "1.5", "1000", "x"]],
  ["bigint", ["9223372036854775807", "9223372036854775808", "-9223372036854775809", "12"]],
  ["date", ["2026-02-28", "2026-02-30", "2024-02-29", "2023-02-29", "0000-01-01", "9999-12-31", "2026-13-01"]],
  [
    "timestamp",
    [
      "2024-01-01T10:00:00Z",
      "2024-01-01T10:00:00+02:00",
      "2024-01-01T10:00:00-05:30",
      "2024-01-01 10:00:00",
      "2024-01-01",
      "2024-01-01T10:00:00.123Z",
      "2026-02-30T00:00:00Z",
      "0000-06-01T00:00:00Z",
      "10000-01-01T00:00:00Z",
      "0001-01-01T00:30:00+01:00",
      "9999-12-31T23:30:00-01:00",
      "1704103200000",
      "-62135596800000",
      "253402300799999",
      "253402300800000",
      "1e20",
      "2024-01-01T24:00:00Z",
      "2024-01-01T10:00:00+0200",
    ],
  ],
];

// The request check sees JSON values: numbers for int and for epoch ms, text otherwise.
const asJson = (type: TFeatureType, text: string): unknown =>
  type === "int" || (type === "timestamp" && /^-?\d+(\.\d+)?(e\d+)?$/.test(text)) ? Number(text) : text;

const sqlVerdicts = async (type: TFeatureType, texts: string[]) =>
  withDuckDb({ memoryLimit: "256MB", threads: 1 }, async (connection) => {
    const values = texts.map((text) => `(${quoteLiteral(text.replaceAll("\u0000", ""))}, ${text.includes("\u0000")})`);
    const column = `(CASE WHEN has_nul THEN t || chr(0) ELSE t END)`;
    const rows = await queryJsonRows(
      connection,
      `SELECT t, ${typedValueSql({ column, sourceType: "VARCHAR", type })} IS NOT NULL AS ok, ` +
        `${type === "timestamp" ? `epoch_ms(${typedValueSql({ column, sourceType: "VARCHAR", type })})` : "NULL"} AS ms ` +
        `FROM (VALUES ${values.join(", ")}) AS v(t, has_nul)`,
    );
    return rows.map((row) => ({ ok: row.ok as boolean, ms: row.ms === null ? null : Number(row.ms) }));
  });

describe("value rules: the JSON check and the file check agree", () => {
  for (const [type, texts] of CORPUS)
    it(`${type}: same verdict (and instant) for every value`, async () => {
      const sql = await sqlVerdicts(type, texts);
      texts.forEach((text, index) => {
        const js = checkJsonValue(type, asJson(type, text)) === null;
        expect({ text, ok: sql[index].ok }).toEqual({ text, ok: js });
        if (type === "timestamp" && js)
          expect({ text, ms: sql[index].ms }).toEqual({ text, ms: timestampToEpochMs(text) });
      });
    });

  it("refuses what no store can hold and reads offsets as instants", () => {
    expect(checkJsonValue("string", "a\u0000b")).not.toBeNull();
    expect(checkJsonValue("bigint", "9223372036854775808")).not.toBeNull();
    expect(checkJsonValue("date", "2026-02-30")).not.toBeNull();
    expect(checkJsonValue("timestamp", 1e20)).not.toBeNull();
    expect(checkJsonValue("timestamp", "0000-01-01T00:00:00Z")).not.toBeNull();
    expect(timestampToEpochMs("2024-01-01T10:00:00+02:00")).toBe(Date.parse("2024-01-01T08:00:00Z"));
    expect(timestampToEpochMs("2024-01-01T10:00:00-05:30")).toBe(Date.parse("2024-01-01T15:30:00Z"));
    expect(timestampToEpochMs(1704103200000)).toBe(1704103200000);
  });

  it("random instants with random offsets: SQL and JavaScript read the same instant", async () => {
    const samples = fc.sample(
      fc.record({
        ms: fc.integer({ min: -62135596800000 + 86400000, max: 253402300799999 - 86400000 }),
        offsetMinutes: fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 }),
        asEpoch: fc.boolean(),
      }),
      200,
    );
    const texts = samples.map(({ ms, offsetMinutes, asEpoch }) =>
      asEpoch ? String(ms) : isoWithOffset(ms, offsetMinutes),
    );
    const sql = await sqlVerdicts("timestamp", texts);
    texts.forEach((text, index) => {
      expect({ text, ms: timestampToEpochMs(text) }).toEqual({ text, ms: samples[index].ms });
      expect({ text, ms: sql[index].ms }).toEqual({ text, ms: samples[index].ms });
    });
  });
});
