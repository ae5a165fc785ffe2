import "server-only";
import { db } from "../db/client";
import { Prisma } from "../db/generated/client";
import { ConflictError } from "../errors";
import { featureGroupWhere, featureViewWhere, trainingDatasetWhere } from "../access-where";
import { withAuditEvent } from "../audit/record";
import type { TProjectAccess, TRequestContext } from "../principal";
import { recordDefinitionRevision } from "./definition-history";

// Versioned names (a feature group, feature view or training dataset name in one project) are claimed in the
// registry before anything is written elsewhere. Two requests creating the same name at once used to both pass a
// "does it exist?" check, both touch the same table directory, and the loser's cleanup could delete the winner's
// table. Holding one transaction-scoped advisory lock per (entity, project, name) while choosing the version and
// inserting its row serializes exactly the requests that can collide, and nothing else: the next version is then
// max + 1 for each caller in turn, a named version that exists is a clean 409, and a directory that no committed
// row owns cannot be one another request is creating (that request would be holding the lock).

export type TVersionedEntity = "featureGroup" | "featureView" | "trainingDataset" | "model";

/** One versioned name of a project, inside the transaction that claims it. */
type TVersionedName = { tx: Prisma.TransactionClient; entity: TVersionedEntity; projectId: string; name: string };

/** Waits for, then holds until `tx` ends, the lock on one versioned name. */
export const lockVersionedName = async ({ tx, entity, projectId, name }: TVersionedName) => {
  // 64-bit hash of the key: a collision only makes two unrelated names wait for each other, never wrong.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`larder:${entity}:${projectId}:${name}`}, 0))`;
};

// The lock is waited for inside the transaction, so the transaction must outlive the longest queue of creators of
// one name: 8 queued creations of one feature group (a row and a small Delta log file each) took about a second
// in concurrent-create.test.ts on a loaded 2-core machine, where Prisma's default 5 s would be tight.
export const VERSIONED_CREATE_TRANSACTION = { maxWait: 10_000, timeout: 60_000 } as const;

const LABEL: Record<TVersionedEntity, string> = {
  featureGroup: "Feature group",
  featureView: "Feature view",
  trainingDataset: "Training dataset",
  model: "Model",
};

/** The highest version of a name that the project owns, 0 if none ("write": the next version is the owner's). */
const latestVersion = async ({ tx, entity, projectId, name }: TVersionedName) => {
  const reader = { projectId, intent: "write" } as const;
  const latest = { orderBy: { version: "desc" }, select: { version: true } } as const;
  const row =
    entity === "featureGroup"
      ? await tx.featureGroup.findFirst({ where: { ...featureGroupWhere(reader), name }, ...latest })
      : entity === "featureView"
        ? await tx.featureView.findFirst({ where: { ...featureViewWhere(reader), name }, ...latest })
        : entity === "trainingDataset"
          ? await tx.trainingDataset.findFirst({ where: { ...trainingDatasetWhere(reader), name }, ...latest })
          : await tx.model.findFirst({ where: { projectId, name }, ...latest });
  return row?.version ?? 0;
};

/**
 * Creates one version of a name under the name's lock: `version` as asked, or else the next one. `create` inserts
 * the row (and whatever must commit with it) in the transaction; a version that exists already is a 409.
 * Returns the version created.
 */
export const createVersion = async ({
  entity,
  projectId,
  name,
  version,
  create,
}: {
  entity: TVersionedEntity;
  projectId: string;
  name: string;
  version: number | undefined;
  create: (tx: Prisma.TransactionClient, version: number) => Promise<void>;
}): Promise<number> => {
  let chosen = version ?? 0;
  try {
    await db.$transaction(async (tx) => {
      await lockVersionedName({ tx, entity, projectId, name });
      chosen = version ?? (await latestVersion({ tx, entity, projectId, name })) + 1;
      await create(tx, chosen);
    }, VERSIONED_CREATE_TRANSACTION);
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      throw new ConflictError(`${LABEL[entity]} '${name}' version ${chosen} already exists`);
    throw error;
  }
  return chosen;
};

/**
 * Deletes one version's registry row (and what cascades with it) and audits `<entity>.delete` with its name and
 * version plus `details`, in one transaction.
 */
export const deleteVersion = ({
  ctx,
  access,
  entity,
  row,
  details,
  before,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  entity: TVersionedEntity;
  row: { id: string; name: string; version: number };
  details?: Record<string, unknown>;
  /** Runs first in the transaction (a forced delete marks its dependents broken here). */
  before?: (tx: Prisma.TransactionClient) => Promise<unknown>;
}) =>
  withAuditEvent(
    async (tx) => {
      const where = { id: row.id };
      await before?.(tx);
      if (entity === "featureGroup" || entity === "featureView")
        await recordDefinitionRevision({
          tx,
          kind: entity,
          projectId: access.project.id,
          entityId: row.id,
          change: "deleted",
          summary: `version ${row.version} deleted`,
          actorId: ctx.principal.userId,
        });
      if (entity === "featureGroup") await tx.featureGroup.delete({ where });
      else if (entity === "featureView") await tx.featureView.delete({ where });
      else if (entity === "trainingDataset") await tx.trainingDataset.delete({ where });
      else await tx.model.delete({ where });
    },
    () => ({
      ctx,
      project: access.project,
      action: `${entity}.delete`,
      resourceType: entity,
      resourceId: row.id,
      resourceName: `${row.name} v${row.version}`,
      details: { name: row.name, version: row.version, ...details },
    }),
  );
