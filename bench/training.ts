// `npm run bench:training [-- --spine-rows 1000000 --group-rows 10000000 --entities 10000 --memory-limit 1GB --threads 2]`
// Needs no database: it drives the training-dataset engine directly over Delta tables in a temp dir. Prints JSON.
import { parseArgs } from "node:util";
import { runTrainingBench } from "./training-bench";

const { values } = parseArgs({
  options: {
    "spine-rows": { type: "string" },
    "group-rows": { type: "string" },
    entities: { type: "string" },
    "memory-limit": { type: "string" },
    threads: { type: "string" },
  },
});

const result = await runTrainingBench({
  spineRows: Number(values["spine-rows"] ?? 1_000_000),
  groupRows: Number(values["group-rows"] ?? 10_000_000),
  entities: Number(values.entities ?? 10_000),
  memoryLimit: values["memory-limit"] ?? "1GB",
  threads: Number(values.threads ?? 2),
});
console.log(JSON.stringify(result, null, 2));
