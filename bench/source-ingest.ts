// `npm run bench:source-ingest [-- --rows 1000000 --incremental-rows 10000]`
// Runs against a fresh database on the machine's PostgreSQL (or LARDER_BENCH_ADMIN_DATABASE_URL), which also holds the
// source table, and prints JSON.
import { parseArgs } from "node:util";
import { runBenchScript } from "./support/run-bench";

const { values } = parseArgs({
  options: { rows: { type: "string" }, "incremental-rows": { type: "string" } },
});

void runBenchScript("larder_bench_source", async () => {
  const { runSourceIngestBench } = await import("./source-ingest-bench");
  const rows = Number(values.rows ?? 1_000_000);
  return runSourceIngestBench({ rows, incrementalRows: Number(values["incremental-rows"] ?? rows / 100) });
});
