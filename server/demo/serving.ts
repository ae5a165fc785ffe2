import { db } from "../db/client";
import { getEnv } from "../env";
import { readRows } from "../offline";
import { getOnlineStore } from "../online-store";
import { drainServedVectors, replayServingTraffic } from "../serving/demo-traffic";
import { actAsOwner } from "./owner-actor";

// The demo's serving history: served-vector logging on for fraud_model (a quarter of the vectors), and half an hour
// of feature-server traffic through the serving code itself — single vectors, batches, unknown transactions (so the
// missing rate is not zero) and a few malformed requests — replayed into the last 30 minutes, so the Serving tab
// has charts and logged vectors on first start.

const LOG_RATE = 0.25;
const MINUTES = 30;

export const seedDemoServing = async ({ projectId, ownerId }: { projectId: string; ownerId: string }) => {
  const view = await db.featureView.findFirst({ where: { projectId, name: "fraud_model", version: 1 } });
  if (!view || view.servedVectorLogRate > 0) return;
  await db.featureView.update({ where: { id: view.id }, data: { servedVectorLogRate: LOG_RATE } });
  const { access } = await actAsOwner({ projectId, ownerId, userAgent: "larder-demo-seed" });
  const transactions = await db.featureGroup.findFirstOrThrow({
    where: { projectId, name: "transactions", version: 1 },
  });
  const { rows } = await readRows({ tablePath: transactions.tablePath, columns: ["transaction_id"], limit: 300 });
  const ids = rows.map((row) => String(row.transaction_id));
  await replayServingTraffic({
    access,
    name: "fraud_model",
    version: 1,
    store: getOnlineStore(),
    maxBatch: getEnv().LARDER_SERVING_MAX_BATCH,
    keys: ids.map((id) => ({ transaction_id: id })),
    missingKeys: [999_000_001, 999_000_002, 999_000_003].map((id) => ({ transaction_id: String(id) })),
    badKey: { transaction_id: "not-a-number" },
    minutes: MINUTES,
  });
  await drainServedVectors({ projectId, featureViewId: view.id });
};
