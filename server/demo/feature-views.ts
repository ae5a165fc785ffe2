import { db } from "../db/client";
import { newId } from "../ids";
import { createFeatureView, createTrainingDataset } from "../feature-views";
import { runTrainingDataset } from "../feature-views/run-training";
import { actAsOwner } from "./owner-actor";

// The demo's model side: the fraud_model feature view (transactions with their card profile and merchant
// aggregates as of each transaction, a scaler, a one-hot encoder, on-demand features) and one training
// dataset split by time, built by running the training job's function directly (as the demo ingests do).

const DAY_MS = 86_400_000;
// The demo transactions span 30 days; train on the first 20, test on the last 10.
const TRAIN_DAYS = 20;
const TOTAL_DAYS = 30;

export const seedDemoFeatureViews = async ({ projectId, ownerId }: { projectId: string; ownerId: string }) => {
  if (await db.featureView.findFirst({ where: { projectId, name: "fraud_model" } })) return;
  const { ctx, access } = await actAsOwner({ projectId, ownerId, userAgent: "larder-demo-seed" });
  await createFeatureView({
    ctx,
    access,
    input: {
      name: "fraud_model",
      version: 1,
      description:
        "Card-fraud classifier: each transaction with its card profile and merchant aggregates as of the transaction time.",
      root: { featureGroup: { name: "transactions", version: 1 }, features: { except: ["latitude", "longitude"] } },
      joins: [
        {
          featureGroup: { name: "card_profiles", version: 1 },
          features: ["card_type", "credit_limit", "account_age_days", "is_premium"],
        },
        {
          featureGroup: { name: "merchant_aggregates", version: 1 },
          prefix: "merchant_",
          features: ["txn_count_7d", "avg_amount_7d", "fraud_rate_30d"],
        },
      ],
      labels: ["is_fraud"],
      transformations: [
        { feature: "amount", type: "standard_scaler" },
        { feature: "category", type: "one_hot_encoder" },
      ],
      onDemandFeatures: [
        {
          name: "amount_to_limit",
          expression: "amount / credit_limit",
          description: "Share of the credit limit this transaction uses",
        },
        { name: "hour_of_day", expression: "hour_of_day(event_time)", description: "Hour (UTC) of the transaction" },
      ],
    },
  });
  const root = await db.featureGroup.findFirstOrThrow({ where: { projectId, name: "transactions", version: 1 } });
  // The demo's clock: feature groups were seeded from a start date (UTC midnight) 35 days ago.
  const start = new Date(new Date(root.createdAt.getTime() - 35 * DAY_MS).toISOString().slice(0, 10)).getTime();
  const at = (days: number) => new Date(start + days * DAY_MS).toISOString();
  const { trainingDataset } = await createTrainingDataset({
    ctx,
    access,
    featureViewName: "fraud_model",
    featureViewVersion: 1,
    enqueue: false,
    input: {
      name: "fraud_model",
      description: "Train on the first 20 days, test on the last 10",
      spine: { type: "timeRange", start: at(0), end: at(TOTAL_DAYS) },
      split: {
        type: "time",
        train: { start: at(0), end: at(TRAIN_DAYS) },
        test: { start: at(TRAIN_DAYS), end: at(TOTAL_DAYS) },
      },
      format: "parquet",
    },
  });
  const jobId = newId("job");
  await db.job.create({
    data: {
      id: jobId,
      projectId,
      type: "training-dataset",
      status: "RUNNING",
      payload: { trainingDatasetId: trainingDataset.id },
      createdById: ownerId,
      attempts: 1,
      startedAt: new Date(),
    },
  });
  await db.trainingDataset.update({ where: { id: trainingDataset.id }, data: { jobId } });
  const result = await runTrainingDataset({ projectId, trainingDatasetId: trainingDataset.id });
  await db.job.update({
    where: { id: jobId },
    data: {
      status: "SUCCEEDED",
      progress: 1,
      rowsProcessed: BigInt(result.rowCount),
      finishedAt: new Date(),
      result: { ...result, demo: "time split 20/10 days" },
    },
  });
  await db.jobLog.create({
    data: {
      jobId,
      level: "info",
      message: `demo training dataset: ${result.splits.map((s) => `${s.name} ${s.rowCount}`).join(", ")}`,
    },
  });
};
