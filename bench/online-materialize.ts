// `npm run bench:online [-- --rows 10000000 --pg-rows 2000000]`
// Runs against a fresh database on the machine's PostgreSQL (or LARDER_BENCH_ADMIN_DATABASE_URL) and Redis at
// REDIS_URL (default redis://127.0.0.1:6379/14; keys under a unique prefix, removed afterwards); prints JSON.
import { parseArgs } from "node:util";
import { runBenchScript } from "./support/run-bench";

const { values } = parseArgs({ options: { rows: { type: "string" }, "pg-rows": { type: "string" } } });

void runBenchScript("larder_bench_online", async () => {
  const { runOnlineMaterializeBench } = await import("./online-materialize-bench");
  return runOnlineMaterializeBench({
    rows: Number(values.rows ?? 10_000_000),
    pgRows: Number(values["pg-rows"] ?? 2_000_000),
    redisUrl: process.env.REDIS_URL ?? "redis://127.0.0.1:6379/14",
  });
});
