// `npm run bench:lineage-graph [-- --nodes 2000 --baseline 20 --profile]`: the lineage page's renderer and layout worker in
// Chromium over a synthetic graph; prints JSON (time to first render, longest main-thread task while loading and
// panning, each as a ratio to the baseline graph measured in the same run).
import { parseArgs } from "node:util";
import { runLineageGraphBench } from "./lineage-graph-bench";

const { values } = parseArgs({
  options: { nodes: { type: "string" }, baseline: { type: "string" }, profile: { type: "boolean" } },
});
const result = await runLineageGraphBench({
  sizes: [Number(values.nodes ?? 2000)],
  baseline: Number(values.baseline ?? 20),
  // Where the main thread's time goes (bench/lineage-graph-profile.ts); the timings are of an unminified build.
  profile: values.profile ?? false,
});
console.log(JSON.stringify(result, null, 2));
