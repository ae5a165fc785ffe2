import { db } from "../db/client";
import { createMonitor, setFreshnessSla } from "../monitoring";
import { runMonitor } from "../monitoring/run-monitor";
import { checkFreshness } from "../monitoring/freshness";
import { actAsOwner } from "./owner-actor";

// The demo's monitoring (docs/monitoring.md): a drift monitor on fraud_model comparing 5-day windows of its batch
// data with the training dataset's train split, run as of five past days so its chart has a history — the
// merchants' prices rise in their last commit, so the later runs cross the PSI threshold and raise an alert — and
// freshness SLAs, one of which merchant_aggregates misses (its newest window ended days ago).

const DAY_MS = 86_400_000;
const MONITOR = "fraud_model_drift";

export const seedDemoMonitoring = async ({ projectId, ownerId }: { projectId: string; ownerId: string }) => {
  if (await db.monitor.findFirst({ where: { projectId, name: MONITOR } })) return;
  const { ctx, access } = await actAsOwner({ projectId, ownerId, userAgent: "larder-demo-seed" });
  const monitor = await createMonitor({
    ctx,
    access,
    input: {
      name: MONITOR,
      target: { featureView: { name: "fraud_model", version: 1 } },
      features: [
        {
          name: "merchant_avg_amount_7d",
          metrics: [
            { metric: "psi", threshold: 0.2 },
            { metric: "ks", threshold: 0.2 },
          ],
        },
        { name: "credit_limit", metrics: [{ metric: "psi", threshold: 0.2 }] },
        { name: "country", metrics: [{ metric: "psi", threshold: 0.1 }] },
      ],
      detection: { kind: "rolling", duration: "5d" },
      reference: { kind: "trainingDataset", name: "fraud_model", version: 1, split: "train" },
      cron: "0 6 * * *",
    },
  });
  // The demo's clock (server/demo/feature-groups.ts): transactions span days 0–30 from 35 days ago.
  const root = await db.featureGroup.findFirstOrThrow({ where: { projectId, name: "transactions", version: 1 } });
  const start = new Date(new Date(root.createdAt.getTime() - 35 * DAY_MS).toISOString().slice(0, 10)).getTime();
  for (const day of [10, 15, 20, 25, 30])
    await runMonitor({ projectId, monitorId: monitor.id, jobId: null, now: new Date(start + day * DAY_MS) });

  for (const [name, days] of [
    ["transactions", 7],
    ["merchant_aggregates", 1],
  ] as const)
    await setFreshnessSla({ ctx, access, name, version: 1, slaSeconds: (days * DAY_MS) / 1000 });
  await checkFreshness({ projectId });
};
