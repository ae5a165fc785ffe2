// `npm run bench:erasure [-- --rows 10000000 --commits 50 --keys 100]`
// Runs against a fresh database on the machine's PostgreSQL (or LARDER_BENCH_ADMIN_DATABASE_URL) with a worker process
// of its own; prints JSON (docs/erasure.md "Measured").
import { parseArgs } from "node:util";
import { machineFigures, runBenchScript } from "./support/run-bench";

const { values } = parseArgs({
  options: { rows: { type: "string" }, commits: { type: "string" }, keys: { type: "string" } },
});

void runBenchScript("larder_bench_erasure", async () => {
  const { runErasureBench } = await import("./erasure-bench");
  const result = await runErasureBench({
    rows: Number(values.rows ?? 10_000_000),
    commits: Number(values.commits ?? 50),
    keys: Number(values.keys ?? 100),
  });
  return { ...result, machine: machineFigures() };
});
