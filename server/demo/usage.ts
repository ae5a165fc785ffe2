import { db } from "../db/client";
import { aggregateUsage } from "../usage";

// Usage in the demo (docs/usage.md): the usage aggregation runs once over today for every demo project as the seed
// ends, so that Settings › Usage shows the seed's storage, jobs, training datasets, serving traffic and shares on
// first start instead of waiting for the nightly job. Everything the seed did happened today: one bar per chart.

export const seedDemoUsage = async ({ projectNames }: { projectNames: string[] }) => {
  const today = new Date().toISOString().slice(0, 10);
  for (const name of projectNames) {
    const project = await db.project.findUnique({ where: { name }, select: { id: true } });
    if (!project || (await db.usageDaily.count({ where: { projectId: project.id } })) > 0) continue;
    await aggregateUsage({ projectId: project.id, from: today, to: today });
  }
};
