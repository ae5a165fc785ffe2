// `npm run online:check -- --project <name> --feature-group <name> --version 1 [--sample N]`
// Compares a feature group's online values with its latest offline rows and prints the report as JSON
// (exit code 1 when there are mismatches). Reads DATABASE_URL and REDIS_URL like the worker.
import { parseArgs } from "node:util";
import { db } from "../server/db/client";
import { featureGroupWhere } from "../server/access-where";
import { checkOnlineConsistency } from "../server/online";
import { closeOnlineStore } from "../server/online-store";
import { findMaterializableGroup } from "../server/online/materialize";

const { values } = parseArgs({
  options: {
    project: { type: "string" },
    "feature-group": { type: "string" },
    version: { type: "string", default: "1" },
    sample: { type: "string" },
  },
});

const main = async () => {
  if (!values.project || !values["feature-group"])
    throw new Error(
      "usage: npm run online:check -- --project <name> --feature-group <name> [--version 1] [--sample N]",
    );
  const version = Number(values.version);
  const sample = values.sample === undefined ? undefined : Number(values.sample);
  if (!Number.isInteger(version) || version < 1) throw new Error("--version must be a positive integer");
  if (sample !== undefined && (!Number.isInteger(sample) || sample < 1))
    throw new Error("--sample must be a positive integer");
  const project = await db.project.findUnique({ where: { name: values.project } });
  if (!project) throw new Error(`project '${values.project}' not found`);
  const row = await db.featureGroup.findFirst({
    where: { ...featureGroupWhere({ projectId: project.id, intent: "write" }), name: values["feature-group"], version },
  });
  if (!row)
    throw new Error(`feature group '${values["feature-group"]}' version ${version} not found in '${values.project}'`);
  if (!row.onlineEnabled) throw new Error(`feature group '${row.name}' version ${version} is not online-enabled`);
  const featureGroup = (await findMaterializableGroup({ projectId: project.id, featureGroupId: row.id }))!;
  const report = await checkOnlineConsistency({
    featureGroup,
    sample,
    progress: ({ rowsProcessed }) => process.stderr.write(`\r${rowsProcessed} keys checked`),
  });
  process.stderr.write("\n");
  console.log(JSON.stringify(report, null, 2));
  await closeOnlineStore();
  await db.$disconnect();
  process.exit(Object.values(report.mismatches).some((count) => count > 0) ? 1 : 0);
};

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
});
