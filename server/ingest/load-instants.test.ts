import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { getDataDir } from "@/server/env";
import { queryJsonRows, quoteLiteral, readTable, withDuckDb } from "@/server/offline";
import { waitForJobEnd } from "@/test/helpers";
import { isoWithOffset } from "@/test/fixtures/iso-with-offset";
import { featureGroupApi } from "@/test/fixtures/feature-group-api";
import { featureList, useOwnedProject } from "@/test/fixtures/test-project";

// Every load path stores the instant a timestamp names, whatever its offset, and values no store can hold are
// refused before anything is written: in the request (422 naming rows.i.col) for JSON rows, in the job for files.

const fx = useOwnedProject({ workerTypes: ["ingest"] });

const EVENTS = {
  primaryKey: ["k"],
  eventTime: "ts",
  features: featureList({ k: "bigint", ts: "timestamp", s: "string", d: "date" }),
};

const { insertBody, loadFile, ...api } = featureGroupApi(fx);
const createGroup = (name: string, spec: Record<string, unknown> = EVENTS) => api.createGroup(name, spec);

const storedInstants = async (name: string) => {
  const group = await db.featureGroup.findFirstOrThrow({ where: { projectId: fx.project.id, name } });
  const commits = await db.featureGroupCommit.count({ where: { featureGroupId: group.id } });
  const rows = await withDuckDb({ memoryLimit: "256MB", threads: 1 }, async (connection) => {
    const relation = await readTable({ tablePath: group.tablePath, connection });
    return queryJsonRows(connection, `SELECT k, epoch_ms(ts) AS ms FROM ${relation.sql} AS t ORDER BY k`);
  });
  return { commits, byKey: new Map(rows.map((row) => [Number(row.k), Number(row.ms)])) };
};

type TPath = "json" | "csv" | "jsonl" | "parquet-tz" | "parquet";
const PATHS: TPath[] = ["json", "csv", "jsonl", "parquet-tz", "parquet"];

describe("every load path stores the instant it was given", () => {
  it("random instants, random offsets (and epoch ms), random load paths: read back through the offline store", async () => {
    await createGroup("instants");
    const rows = fc
      .sample(
        fc.record({
          // Whole seconds keep Parquet's TIMESTAMPTZ literal simple; the SQL/JS property test covers fractions.
          seconds: fc.integer({ min: -62135596800 + 86400, max: 253402300799 - 86400 }),
          offsetMinutes: fc.oneof(fc.constantFrom(0, 120, -330, 345, -600), fc.integer({ min: -1439, max: 1439 })),
          asEpoch: fc.boolean(),
          path: fc.constantFrom(...PATHS),
        }),
        150,
      )
      .map((row, k) => ({ ...row, k, ms: row.seconds * 1000 }));
    const text = (row: (typeof rows)[number]) =>
      row.asEpoch ? String(row.ms) : isoWithOffset(row.ms, row.offsetMinutes);
    const on = (p: TPath) => rows.filter((row) => row.path === p);

    const json = await insertBody("instants", {
      rows: on("json").map((row) => ({ k: row.k, ts: row.asEpoch ? row.ms : text(row) })),
    });
    expect(json.status, JSON.stringify(json.json)).toBe(202);
    expect((await waitForJobEnd(json.json.job.id)).status).toBe("SUCCEEDED");
    const csv = `k,ts\n${on("csv")
      .map((row) => `${row.k},${text(row)}`)
      .join("\n")}\n`;
    expect((await loadFile("instants", "events.csv", csv)).error ?? "SUCCEEDED").toBe("SUCCEEDED");
    const jsonl = on("jsonl")
      .map((row) => JSON.stringify({ k: row.k, ts: row.asEpoch ? row.ms : text(row) }))
      .join("\n");
    expect((await loadFile("instants", "events.jsonl", `${jsonl}\n`)).error ?? "SUCCEEDED").toBe("SUCCEEDED");
    for (const [p, sqlType] of [
      ["parquet-tz", "TIMESTAMPTZ"],
      ["parquet", "TIMESTAMP"],
    ] as const) {
      const file = path.join(getDataDir(), `fixture-${p}.parquet`);
      // With a zone the file holds the instant; without one, Parquet's convention is UTC wall time.
      const values = on(p).map(
        (row) =>
          `(${row.k}::BIGINT, ${sqlType} ${quoteLiteral(sqlType === "TIMESTAMP" ? isoWithOffset(row.ms, 0).replace("Z", "") : isoWithOffset(row.ms, row.offsetMinutes))})`,
      );
      await withDuckDb({}, (connection) =>
        connection.run(
          `COPY (SELECT * FROM (VALUES ${values.join(", ") || `(NULL::BIGINT, NULL::${sqlType})`}) AS v(k, ts) WHERE k IS NOT NULL) TO ${quoteLiteral(file)} (FORMAT parquet)`,
        ),
      );
      if (values.length)
        expect((await loadFile("instants", `${p}.parquet`, readFileSync(file))).error ?? "SUCCEEDED").toBe("SUCCEEDED");
    }
    const { byKey } = await storedInstants("instants");
    for (const row of rows)
      expect({ k: row.k, input: text(row), ms: byKey.get(row.k) }).toEqual({ k: row.k, input: text(row), ms: row.ms });
  });
});

describe("values no store can hold are refused before anything is written", () => {
  it("JSON rows: 422 naming rows.i.col for NUL, years outside 0001–9999, bigint overflow, impossible dates, 1e20, '' partition", async () => {
    await createGroup("refused_json", { ...EVENTS, partitionKey: "s" });
    const good = { k: 1, ts: "2024-01-01T00:00:00Z", s: "a", d: "2024-01-01" };
    // A NUL in any JSON string is refused by the request wrapper, before the rows are read.
    const withNul = await insertBody("refused_json", { rows: [good, { ...good, k: 2, s: "a\u0000b" }] });
    expect(withNul.status).toBe(422);
    expect(withNul.json.errors.map((error: { path: string }) => error.path)).toEqual(["rows.1.s"]);
    const response = await insertBody("refused_json", {
      rows: [
        good,
        { ...good, k: 2, s: "b" },
        { ...good, k: 3, ts: "0000-06-01T00:00:00Z" },
        { ...good, k: "9223372036854775808" },
        { ...good, k: 5, d: "2026-02-30" },
        { ...good, k: 6, ts: 1e20 },
        { ...good, k: 7, s: "" },
        { ...good, k: 8, ts: "10000-01-01T00:00:00Z" },
      ],
    });
    expect(response.status).toBe(422);
    const paths = (response.json.errors as { path: string }[]).map((error) => error.path).sort();
    expect(paths).toEqual(["rows.2.ts", "rows.3.k", "rows.4.d", "rows.5.ts", "rows.6.s", "rows.7.ts"]);
    expect((await storedInstants("refused_json")).commits).toBe(0);
  });

  for (const [column, bad] of [
    ["s", "a\u0000b"],
    ["ts", "0000-06-01T00:00:00Z"],
    ["ts", "100000000000000000000"],
    ["k", "9223372036854775808"],
    ["d", "2026-02-30"],
  ] as const)
    it(`files: the job fails naming '${column}' and the rows for ${JSON.stringify(bad)}; nothing is written`, async () => {
      const name = `refused_${column}_${bad.length}`.replace(/_(\d)/, "_n$1");
      await createGroup(name);
      const good = { k: "1", ts: "2024-01-01T00:00:00Z", s: "a", d: "2024-01-01" };
      // A raw NUL byte makes a CSV binary, refused at upload; JSON lines carry it escaped as \u0000.
      for (const format of column === "s" ? (["jsonl"] as const) : (["csv", "jsonl"] as const)) {
        const rows = [good, { ...good, k: "2" }, { ...good, k: "3", [column]: bad }];
        const content =
          format === "csv"
            ? `k,ts,s,d\n${rows.map((row) => [row.k, row.ts, row.s, row.d].join(",")).join("\n")}\n`
            : rows.map((row) => JSON.stringify({ ...row, k: column === "k" ? row.k : Number(row.k) })).join("\n");
        const job = await loadFile(name, `bad.${format}`, content);
        expect(job.status).toBe("FAILED");
        expect(job.error).toContain(`'${column}'`);
        expect(job.error).toMatch(/rows? 3\b/);
      }
      expect(await storedInstants(name)).toEqual({ commits: 0, byKey: new Map() });
    });
});
