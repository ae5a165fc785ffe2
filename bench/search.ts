// `npm run bench:search [-- --projects 20 --groups 10000 --features-per-group 20 --tags 50000 --iterations 200]`
// Seeds its own scratch database with direct SQL, serves the search route over HTTP and prints JSON.
import { parseArgs } from "node:util";
import { withScratchDatabase } from "./support/scratch-database";
import { runSearchBench } from "./search-bench";

const { values } = parseArgs({
  options: {
    projects: { type: "string" },
    groups: { type: "string" },
    "features-per-group": { type: "string" },
    tags: { type: "string" },
    iterations: { type: "string" },
  },
});

const result = await withScratchDatabase("larder_bench_search", (url) =>
  runSearchBench(url, {
    projects: Number(values.projects ?? 20),
    groups: Number(values.groups ?? 10_000),
    featuresPerGroup: Number(values["features-per-group"] ?? 20),
    tags: Number(values.tags ?? 50_000),
    iterations: Number(values.iterations ?? 200),
  }),
);
console.log(JSON.stringify(result, null, 2));
