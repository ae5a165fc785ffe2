import { db } from "../db/client";
import { createErasureRequest } from "../erasure";
import { runErasure } from "../erasure/run-erasure";
import { createFeatureGroup } from "../registry/feature-groups";
import { recordCommit } from "../registry/commits";
import { readRows, writeCommit } from "../offline";
import { actAsOwner } from "./owner-actor";

// The demo's erasure (docs/erasure.md): a small group of customer contacts written in two commits, and one completed
// erasure request for a customer who asked to be forgotten — its report downloadable from Settings → Erasure. Run
// here rather than by the worker, as the demo's training dataset is, so the demo starts with it done.

const GROUP = "customer_contacts";
const FORGOTTEN = "C-1007";

const contacts = (rows: [string, string, boolean, string][]) =>
  `SELECT * FROM (VALUES ${rows
    .map(([id, email, consent, at]) => `('${id}', '${email}', ${consent}, TIMESTAMPTZ '${at}')`)
    .join(", ")}) AS v(customer_id, email, marketing_consent, updated_at)`;

const COMMITS = [
  contacts([
    ["C-1001", "ana@example.test", true, "2026-11-02 09:00:00+00"],
    ["C-1004", "bo@example.test", false, "2026-11-02 09:05:00+00"],
    [FORGOTTEN, "forget-me@example.test", true, "2026-11-02 09:10:00+00"],
  ]),
  contacts([
    [FORGOTTEN, "forget-me-new@example.test", false, "2026-11-09 14:00:00+00"],
    ["C-1012", "cy@example.test", true, "2026-11-09 14:30:00+00"],
  ]),
];

export const seedDemoErasure = async ({ projectId, ownerId }: { projectId: string; ownerId: string }) => {
  if (await db.erasureRequest.findFirst({ where: { projectId } })) return;
  const { ctx, access } = await actAsOwner({ projectId, ownerId, userAgent: "larder demo seed" });
  const group =
    (await db.featureGroup.findFirst({ where: { projectId, name: GROUP } })) ??
    (await createFeatureGroup({
      ctx,
      access,
      input: {
        name: GROUP,
        version: 1,
        description: "How to reach each customer, and whether they agreed to marketing (personal data)",
        primaryKey: ["customer_id"],
        eventTime: "updated_at",
        features: [
          { name: "customer_id", type: "string" },
          { name: "email", type: "string" },
          { name: "marketing_consent", type: "boolean" },
          { name: "updated_at", type: "timestamp" },
        ],
      },
    }));
  const { tablePath } = await db.featureGroup.findUniqueOrThrow({ where: { id: group.id } });
  for (const sourceSql of COMMITS) {
    const written = await writeCommit({ tablePath, mode: "upsert", sourceSql, commitInfo: { userId: ownerId } });
    await recordCommit({
      featureGroupId: group.id,
      deltaVersion: written.version,
      operation: "INSERT",
      rows: { inserted: written.rowsInserted, updated: written.rowsUpdated, deleted: 0 },
      rowCount: (await readRows({ tablePath, limit: 1 })).rowCount,
      userId: ownerId,
    });
  }
  const { erasureRequest } = await createErasureRequest({
    ctx,
    project: access.project,
    input: {
      keys: [{ customer_id: FORGOTTEN }],
      datasetPolicy: "recreate",
      note: "Data subject request DSR-2026-0142 (demo)",
    },
  });
  const jobId = erasureRequest.job!.id;
  await db.job.update({ where: { id: jobId }, data: { status: "RUNNING", attempts: 1, startedAt: new Date() } });
  const log = async (level: "debug" | "info" | "warn" | "error", message: string) => {
    await db.jobLog.create({ data: { jobId, level, message } });
  };
  const result = await runErasure({
    projectId,
    requestId: erasureRequest.id,
    jobId,
    userId: ownerId,
    progress: () => {},
    log,
    signal: new AbortController().signal,
    refuseCancellation: async (reason) => {
      await db.job.update({ where: { id: jobId }, data: { cancelRefusal: reason } });
    },
  });
  await db.job.update({
    where: { id: jobId },
    data: { status: "SUCCEEDED", progress: 1, finishedAt: new Date(), result },
  });
};
