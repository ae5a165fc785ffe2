// Ad-hoc benchmark of the offline store (not a test). Run from the repo root:
//   node --conditions=react-server --import tsx server/offline/testing/bench.ts <scenario> [dir]
// scenarios: ingest (1M × 10 from Parquet and CSV), upsert (1M into 10M), csv <file> (ingest a CSV file)
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createDeltaTable, type FeatureColumn, withDuckDb, writeCommit } from "../index";

const FEATURES: FeatureColumn[] = [
  { name: "id", type: "bigint" },
  ...Array.from({ length: 8 }, (_, i) => ({ name: `f${i}`, type: "double" as const })),
  { name: "label", type: "string" },
];
const generated = (n: number, offset = 0) =>
  `SELECT range + ${offset} AS id, ${Array.from({ length: 8 }, (_, i) => `random() * ${i + 1} AS f${i}`).join(", ")}, 'cat_' || (range % 100) AS label FROM range(${n})`;

const time = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
  const start = performance.now();
  const result = await work();
  console.log(JSON.stringify({ label, ms: Math.round(performance.now() - start), result }));
  return result;
};

const scenario = process.argv[2];
const dir = process.argv[3] ?? (await fs.mkdtemp(path.join(os.tmpdir(), "larder-bench-")));
if (scenario === "ingest") {
  const parquet = path.join(dir, "src.parquet");
  const csv = path.join(dir, "src.csv");
  await withDuckDb(undefined, async (c) => {
    await c.run(`COPY (${generated(1_000_000)}) TO '${parquet}' (FORMAT parquet)`);
    await c.run(`COPY (${generated(1_000_000)}) TO '${csv}' (FORMAT csv, HEADER)`);
    await time("bare DuckDB COPY parquet→zstd parquet", () =>
      c.run(`COPY (SELECT * FROM '${parquet}') TO '${dir}/bare.parquet' (FORMAT parquet, COMPRESSION zstd)`),
    );
    await time("bare DuckDB COPY csv→zstd parquet", () =>
      c.run(`COPY (SELECT * FROM read_csv('${csv}')) TO '${dir}/bare2.parquet' (FORMAT parquet, COMPRESSION zstd)`),
    );
  });
  const sources: [string, { sourceParquetFiles?: string[]; sourceSql?: string }][] = [
    ["parquet", { sourceParquetFiles: [parquet] }],
    ["csv", { sourceSql: `SELECT * FROM read_csv('${csv}')` }],
  ];
  for (const [label, source] of sources) {
    for (const mode of ["append", "upsert"] as const) {
      const tablePath = path.join(dir, `t_${label}_${mode}`);
      await time(`new table 1M×10 from ${label}, ${mode}`, async () => {
        await createDeltaTable({ tablePath, schema: FEATURES, primaryKey: ["id"] });
        return writeCommit({ tablePath, mode, ...source });
      });
    }
  }
} else if (scenario === "upsert") {
  const tablePath = path.join(dir, "t10m");
  await createDeltaTable({ tablePath, schema: FEATURES, primaryKey: ["id"] });
  await time("build 10M-row table", () => writeCommit({ tablePath, mode: "upsert", sourceSql: generated(10_000_000) }));
  // Half of the keys exist (the top 500k of the table), half are new.
  await time("upsert 1M (500k updates, 500k inserts) into 10M, clustered keys", () =>
    writeCommit({ tablePath, mode: "upsert", sourceSql: generated(1_000_000, 9_500_000) }),
  );
  await time("upsert 1M random keys spread over the whole 10M range", () =>
    writeCommit({
      tablePath,
      mode: "upsert",
      sourceSql: `SELECT * REPLACE ((hash(id) % 12000000)::BIGINT AS id) FROM (${generated(1_000_000)})`,
    }),
  );
} else if (scenario === "csv") {
  const tablePath = path.join(dir, `tcsv_${process.argv[5] ?? "append"}`);
  await createDeltaTable({ tablePath, schema: FEATURES, primaryKey: ["id"] });
  await time(`ingest ${process.argv[4]}`, () =>
    writeCommit({
      tablePath,
      mode: (process.argv[5] ?? "append") as "append",
      sourceSql: `SELECT * FROM read_csv('${process.argv[4]}')`,
    }),
  );
}
