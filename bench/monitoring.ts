// `npm run bench:monitoring [-- --rows 1000000]`
// Runs against a fresh database on the machine's PostgreSQL (or LARDER_BENCH_ADMIN_DATABASE_URL); prints JSON.
import { parseArgs } from "node:util";
import { withScratchDatabase } from "./support/scratch-database";

const { values } = parseArgs({ options: { rows: { type: "string" } } });

const main = () =>
  withScratchDatabase("larder_bench_monitoring", async () => {
    const { runMonitoringBench } = await import("./monitoring-bench");
    console.log(JSON.stringify(await runMonitoringBench({ rows: Number(values.rows ?? 1_000_000) }), null, 2));
  });

main()
  .then(() => process.exit(0))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
