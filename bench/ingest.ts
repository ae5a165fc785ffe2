// `npm run bench:ingest [-- --rows 1000000 --base-rows 10000000 --upsert-rows 1000000 --csv-gb 1]`
// Runs against a fresh database on the machine's PostgreSQL (or LARDER_BENCH_ADMIN_DATABASE_URL) and prints JSON.
import { parseArgs } from "node:util";
import { runBenchScript } from "./support/run-bench";

const { values } = parseArgs({
  options: {
    rows: { type: "string" },
    "base-rows": { type: "string" },
    "upsert-rows": { type: "string" },
    "csv-gb": { type: "string" },
  },
});

void runBenchScript("larder_bench_ingest", async () => {
  const { runIngestBench } = await import("./ingest-bench");
  return runIngestBench({
    rows: Number(values.rows ?? 1_000_000),
    baseRows: Number(values["base-rows"] ?? 10_000_000),
    upsertRows: Number(values["upsert-rows"] ?? 1_000_000),
    csvBytes: Number(values["csv-gb"] ?? 1) * 2 ** 30,
  });
});
