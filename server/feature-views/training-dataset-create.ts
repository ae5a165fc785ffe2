import "server-only";
import path from "node:path";
import { db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { getDataDir } from "../env";
import { ConflictError, InvalidInputError } from "../errors";
import { newId } from "../ids";
import { recordAuditEvent } from "../audit/record";
import type { TProjectAccess, TRequestContext, TVersionAction } from "../principal";
import { enqueueJob, trainingDatasetJobContract } from "../jobs";
import { assertVersionReadable, DeltaVersionVacuumedError } from "../offline";
import { ZCreateTrainingDatasetSchema, type TCreateTrainingDataset } from "@/lib/api/training-datasets";
import { getFeatureViewRow } from "./feature-views";
import { featureGroupWhere, revokedSourcesOf, unreadableSourceError } from "../access-where";
import { createVersion } from "../registry/version-lock";
import type { TFeatureViewPlan } from "./plan";
import { validateSpine, type TPin } from "./spine-check";
import { getDatasetRow, getTrainingDataset } from "./training-datasets";

// Creating a training dataset (pinning its sources' commits) and re-creating one from its pins: the row is
// recorded here and the training job builds its files.

export const trainingDatasetDir = ({
  projectId,
  featureView,
  name,
  version,
}: {
  projectId: string;
  featureView: { name: string; version: number };
  name: string;
  version: number;
}) =>
  path.join(
    getDataDir(),
    "projects",
    projectId,
    "training",
    `${featureView.name}_v${featureView.version}`,
    `${name}_v${version}`,
  );

const insertDataset = async ({
  ctx,
  access,
  view,
  name,
  version,
  description,
  spine,
  split,
  format,
  pins,
  recreatedFromId,
  enqueue = true,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  view: { id: string; name: string; version: number };
  name: string;
  version: number | undefined;
  description: string;
  spine: unknown;
  split: unknown;
  format: string;
  pins: TPin[];
  recreatedFromId: string | null;
  enqueue?: boolean;
}) => {
  const id = newId("td");
  const projectId = access.project.id;
  // Claims the name first (version-lock.ts): concurrent requests without a version each get the next one.
  const datasetVersion = await createVersion({
    entity: "trainingDataset",
    projectId,
    name,
    version,
    create: async (tx, datasetVersion) => {
      await tx.trainingDataset.create({
        data: {
          id,
          projectId,
          featureViewId: view.id,
          featureViewName: view.name,
          featureViewVersion: view.version,
          name,
          version: datasetVersion,
          description,
          status: "PENDING",
          format,
          spine: spine as Prisma.InputJsonValue,
          split: split as Prisma.InputJsonValue,
          path: trainingDatasetDir({ projectId, featureView: view, name, version: datasetVersion }),
          recreatedFromId,
          createdById: ctx.principal.userId,
          sourceCommits: { create: pins.map((pin) => ({ id: newId("tdc"), ...pin })) },
        },
      });
      await recordAuditEvent({
        ctx,
        project: access.project,
        action: recreatedFromId ? "trainingDataset.recreate" : "trainingDataset.create",
        resourceType: "trainingDataset",
        resourceId: id,
        resourceName: `${name} v${datasetVersion}`,
        details: {
          name,
          version: datasetVersion,
          featureView: `${view.name}_v${view.version}`,
          sourceCommits: pins.map((p) => `${p.featureGroupName}_v${p.featureGroupVersion}@${p.deltaVersion}`),
        },
        tx,
      });
    },
  });
  if (!enqueue)
    return { job: null, trainingDataset: await getTrainingDataset({ access, name, version: datasetVersion }) };
  try {
    const job = await enqueueJob({
      ctx,
      access,
      type: trainingDatasetJobContract.type,
      payload: { trainingDatasetId: id },
    });
    await db.trainingDataset.update({ where: { id }, data: { jobId: job.id } });
    return { job, trainingDataset: await getTrainingDataset({ access, name, version: datasetVersion }) };
  } catch (error) {
    await db.trainingDataset.delete({ where: { id } }).catch(() => undefined);
    throw error;
  }
};

/** Validates, pins every source's current Delta version, records the dataset and enqueues its job. */
/** `enqueue: false` records the dataset without a job, for callers that run it themselves (the demo seed). */
export const createTrainingDataset = async ({
  ctx,
  access,
  featureViewName,
  featureViewVersion,
  input,
  enqueue = true,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  featureViewName: string;
  featureViewVersion: number;
  input: TCreateTrainingDataset;
  enqueue?: boolean;
}) => {
  const spec = ZCreateTrainingDatasetSchema.parse(input);
  const view = await getFeatureViewRow({
    projectId: access.project.id,
    intent: "read",
    name: featureViewName,
    version: featureViewVersion,
  });
  const plan = view.plan as unknown as TFeatureViewPlan;
  const groups = await db.featureGroup.findMany({
    where: {
      ...featureGroupWhere({ projectId: access.project.id, intent: "read" }),
      id: { in: plan.sources.map((s) => s.featureGroupId) },
    },
  });
  // Gone by a forced delete (docs/lineage.md "Forced delete"), or a revoked share (docs/sharing.md).
  const missing = plan.sources.find((source) => !groups.some((g) => g.id === source.featureGroupId));
  if (missing) throw await unreadableSourceError({ projectId: access.project.id, view, source: missing });
  const pins: TPin[] = plan.sources.map((source) => {
    const group = groups.find((g) => g.id === source.featureGroupId)!;
    return {
      featureGroupId: group.id,
      featureGroupName: group.name,
      featureGroupVersion: group.version,
      alias: source.alias,
      role: source.role,
      tablePath: group.tablePath,
      deltaVersion: Math.max(0, group.deltaVersion),
    };
  });
  const spinePin = await validateSpine({ access, plan, spine: spec.spine, pins });
  return insertDataset({
    ctx,
    access,
    view,
    name: spec.name ?? view.name,
    version: spec.version,
    description: spec.description,
    spine: spec.spine,
    split: spec.split,
    format: spec.format,
    pins: spinePin ? [...pins, spinePin] : pins,
    recreatedFromId: null,
    enqueue,
  });
};

/** A new version with the same spine, split, format and pinned source versions: the same rows in the same order. */
export const recreateTrainingDataset = async ({ ctx, access, name, version }: TVersionAction) => {
  // "write": re-creating adds a version to this project's dataset of that name.
  const original = await getDatasetRow({ projectId: access.project.id, intent: "write", name, version });
  // Its view deleted by force (docs/lineage.md "Forced delete"): the files stay readable, nothing can be rebuilt.
  if (!original.featureView)
    throw new ConflictError(
      `Training dataset ${original.name} v${original.version} is broken: its feature view ${original.featureViewName} v${original.featureViewVersion} was deleted; it cannot be re-created (its files can still be downloaded)`,
    );
  const pins = original.sourceCommits.map(
    ({ featureGroupId, featureGroupName, featureGroupVersion, alias, role, tablePath, deltaVersion }) => {
      if (!featureGroupId)
        throw new ConflictError(
          `Source feature group ${featureGroupName} v${featureGroupVersion} was deleted; the dataset cannot be re-created`,
        );
      return { featureGroupId, featureGroupName, featureGroupVersion, alias, role, tablePath, deltaVersion };
    },
  );
  // A source another project shared and has since revoked (docs/sharing.md "After revocation"): not readable now.
  const [revoked] = await revokedSourcesOf({
    projectId: access.project.id,
    featureGroupIds: pins.map(({ featureGroupId }) => featureGroupId),
  });
  if (revoked)
    throw new ConflictError(
      `Training dataset ${original.name} v${original.version} cannot be re-created: its feature group ${revoked.featureGroup} is no longer shared with this project: project '${revoked.project}' revoked share ${revoked.shareId} (its files can still be downloaded)`,
    );
  // A pinned commit whose files vacuum deleted cannot be read again: refuse now rather than fail in the job.
  for (const [index, pin] of pins.entries()) {
    await assertVersionReadable({ tablePath: pin.tablePath, version: pin.deltaVersion }).catch((error) => {
      if (!(error instanceof DeltaVersionVacuumedError)) throw error;
      const message = `commit ${pin.deltaVersion} of ${pin.featureGroupName} v${pin.featureGroupVersion} was vacuumed (its data files were deleted)${error.oldestReadableVersion === null ? "" : `; the oldest readable commit is ${error.oldestReadableVersion}`}: the dataset cannot be re-created, create a new one`;
      throw new InvalidInputError(message, [{ path: `sourceCommits.${index}.deltaVersion`, message }]);
    });
  }
  return insertDataset({
    ctx,
    access,
    view: original.featureView,
    name: original.name,
    version: undefined,
    description: original.description,
    spine: original.spine,
    split: original.split,
    format: original.format,
    pins,
    recreatedFromId: original.id,
  });
};
