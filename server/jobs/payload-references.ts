import "server-only";
import { db } from "../db/client";
import { InvalidInputError, type TFieldIssue } from "../errors";
import { featureGroupWhere, featureViewWhere, trainingDatasetWhere } from "../access-where";

// The ids a job payload may name, each resolved within the job's project — when the job or schedule is created
// (422 naming the field) and again when the job runs (it fails at once, without retries). A payload is user input:
// a schedule once accepted another project's feature group, or one that did not exist. Another project's object
// and a missing one get the same answer, so a payload cannot probe for ids. A new payload field naming an object
// is added here, once.
const ID = { id: true } as const;
const own = (projectId: string) => ({ projectId, intent: "write" as const });
// Each field's noun is its name spelled out: featureGroupId → "feature group".
const REFERENCES: Record<string, (projectId: string, id: string) => Promise<unknown>> = {
  featureGroupId: (p, id) => db.featureGroup.findFirst({ where: { ...featureGroupWhere(own(p)), id }, select: ID }),
  featureViewId: (p, id) => db.featureView.findFirst({ where: { ...featureViewWhere(own(p)), id }, select: ID }),
  trainingDatasetId: (p, id) =>
    db.trainingDataset.findFirst({ where: { ...trainingDatasetWhere(own(p)), id }, select: ID }),
  // A backtest's baseline and spine (server/jobs/contracts/backtests.ts).
  baselineFeatureGroupId: (p, id) =>
    db.featureGroup.findFirst({ where: { ...featureGroupWhere(own(p)), id }, select: ID }),
  baselineFeatureViewId: (p, id) =>
    db.featureView.findFirst({ where: { ...featureViewWhere(own(p)), id }, select: ID }),
  spineFeatureGroupId: (p, id) =>
    db.featureGroup.findFirst({ where: { ...featureGroupWhere({ projectId: p, intent: "read" }), id }, select: ID }),
  monitorId: (p, id) => db.monitor.findFirst({ where: { projectId: p, id }, select: ID }),
  webhookId: (p, id) => db.webhook.findFirst({ where: { projectId: p, id }, select: ID }),
  alertId: (p, id) => db.alert.findFirst({ where: { projectId: p, id }, select: ID }),
  erasureRequestId: (p, id) => db.erasureRequest.findFirst({ where: { projectId: p, id }, select: ID }),
};
const nounOf = (field: string) => field.replace(/Id$/, "").replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`);

/** The payload's ids that name nothing of the project, as field issues (`payload.featureGroupId`). */
export const findUnresolvedPayloadIds = async ({
  projectId,
  payload,
}: {
  projectId: string;
  payload: unknown;
}): Promise<TFieldIssue[]> => {
  if (typeof payload !== "object" || payload === null) return [];
  const issues: TFieldIssue[] = [];
  for (const [field, exists] of Object.entries(REFERENCES)) {
    const id = (payload as Record<string, unknown>)[field];
    if (typeof id === "string" && !(await exists(projectId, id)))
      issues.push({ path: `payload.${field}`, message: `is not a ${nounOf(field)} of this project` });
  }
  return issues;
};

/** 422 when the payload names an object outside the project (or none). */
export const assertPayloadIdsInProject = async (input: { projectId: string; payload: unknown }) => {
  const issues = await findUnresolvedPayloadIds(input);
  if (issues.length) throw new InvalidInputError("The payload names something this project does not have", issues);
};
