import { db } from "../db/client";
import { newId } from "../ids";
import { createFeatureView, createTrainingDataset } from "../feature-views";
import { runTrainingDataset } from "../feature-views/run-training";
import { createShare, decideShare } from "../sharing";
import { seedDemoFeatureGroups } from "./feature-groups";
import { actAsOwner } from "./owner-actor";
import { DEMO_PROJECT } from "./users";

// Sharing in the demo (docs/sharing.md): a second project, merchant_risk, owned by the demo Owner, shares its
// merchant risk scores and a training dataset of them with fraud_detection, which has accepted: the catalog and
// search of fraud_detection show them marked with their home project, and Settings › Sharing shows both sides.

export const DEMO_SHARING_PROJECT = "merchant_risk";

const MERCHANTS = 500;

export const seedDemoSharing = async ({ ownerId }: { ownerId: string }) => {
  if (await db.project.findUnique({ where: { name: DEMO_SHARING_PROJECT } })) return;
  const fraud = await db.project.findUniqueOrThrow({ where: { name: DEMO_PROJECT } });
  const project = await db.project.create({
    data: {
      id: newId("prj"),
      name: DEMO_SHARING_PROJECT,
      description: "Merchant risk scores from the risk team, shared with fraud_detection.",
      createdById: ownerId,
    },
  });
  await db.membership.create({ data: { projectId: project.id, userId: ownerId, role: "OWNER" } });
  await seedDemoFeatureGroups({
    projectId: project.id,
    ownerId,
    only: (start) => [
      {
        spec: {
          name: "merchant_risk_scores",
          description: "The risk team's daily score per merchant (higher is riskier).",
          primaryKey: ["merchant_id"],
          eventTime: "updated_at",
          onlineEnabled: false,
          features: [
            { name: "merchant_id", type: "bigint", description: "Merchant (joins fraud_detection's merchants)" },
            { name: "risk_score", type: "double", description: "Risk score in [0, 1]" },
            { name: "chargeback_rate", type: "double", description: "Share of chargebacks over 90 days" },
            { name: "updated_at", type: "timestamp", description: "When the score was computed" },
          ],
        },
        commits: [
          {
            label: "initial scores",
            sql: `SELECT i AS merchant_id, round(random(), 3) AS risk_score, round(random() * 0.05, 4) AS chargeback_rate, TIMESTAMP '${start}' + INTERVAL (i % 30) DAY AS updated_at FROM range(1, ${MERCHANTS + 1}) t(i)`,
          },
        ],
      },
    ],
  });
  const { ctx, access } = await actAsOwner({ projectId: project.id, ownerId, userAgent: "larder-demo-seed" });
  await createFeatureView({
    ctx,
    access,
    input: {
      name: "merchant_risk",
      description: "Merchant risk scores, for training",
      root: { featureGroup: { name: "merchant_risk_scores", version: 1 } },
    },
  });
  const { trainingDataset } = await createTrainingDataset({
    ctx,
    access,
    featureViewName: "merchant_risk",
    featureViewVersion: 1,
    enqueue: false,
    input: {
      name: "merchant_risk",
      description: "All scores, random 80/20 split",
      split: { type: "random", train: 0.8, test: 0.2, seed: 7 },
    },
  });
  await runTrainingDataset({ projectId: project.id, trainingDatasetId: trainingDataset.id });
  const group = await db.featureGroup.findFirstOrThrow({
    where: { projectId: project.id, name: "merchant_risk_scores" },
    select: { id: true },
  });
  const share = await createShare({
    ctx,
    access,
    input: {
      withProject: fraud.name,
      level: "READ",
      items: [
        { kind: "featureGroup", id: group.id },
        { kind: "trainingDataset", id: trainingDataset.id },
      ],
    },
  });
  const receiver = await actAsOwner({ projectId: fraud.id, ownerId, userAgent: "larder-demo-seed" });
  await decideShare({ ...receiver, shareId: share.id, decision: "ACCEPTED" });
};
