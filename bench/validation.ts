// `npm run bench:validation [-- --rows 1000000 --base-rows 10000000 --repeats 3]`
// Runs against a fresh database on the machine's PostgreSQL (or LARDER_BENCH_ADMIN_DATABASE_URL) and prints JSON.
import { parseArgs } from "node:util";
import { withScratchDatabase } from "./support/scratch-database";

const { values } = parseArgs({
  options: { rows: { type: "string" }, "base-rows": { type: "string" }, repeats: { type: "string" } },
});

withScratchDatabase("larder_bench_validation", async () => {
  const { runValidationBench } = await import("./validation-bench");
  const result = await runValidationBench({
    rows: Number(values.rows ?? 1_000_000),
    baseRows: Number(values["base-rows"] ?? 10_000_000),
    repeats: Number(values.repeats ?? 3),
  });
  console.log(JSON.stringify(result, null, 2));
})
  .then(() => process.exit(0))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
