// `npm run bench:statistics [-- --rows 10000000 --repeats 3]`
// Runs against a fresh database on the machine's PostgreSQL (or LARDER_BENCH_ADMIN_DATABASE_URL) with a worker
// process of its own; prints JSON.
import { parseArgs } from "node:util";
import { withScratchDatabase } from "./support/scratch-database";

const { values } = parseArgs({ options: { rows: { type: "string" }, repeats: { type: "string" } } });

const main = () =>
  withScratchDatabase("larder_bench_stats", async () => {
    const { runStatisticsBench } = await import("./statistics-bench");
    console.log(
      JSON.stringify(
        await runStatisticsBench({ rows: Number(values.rows ?? 10_000_000), repeats: Number(values.repeats ?? 3) }),
        null,
        2,
      ),
    );
  });

main()
  .then(() => process.exit(0))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
