import "server-only";
import type { Prisma } from "../db/generated/client";

// Versioned names (a feature group, feature view or training dataset name in one project) are claimed in the
// registry before anything is written elsewhere. Two requests creating the same name at once used to both pass a
// "does it exist?" check, both touch the same table directory, and the loser's cleanup could delete the winner's
// table. Holding one transaction-scoped advisory lock per (entity, project, name) while choosing the version and
// inserting its row serializes exactly the requests that can collide, and nothing else: the next version is then
// max + 1 for each caller in turn, a named version that exists is a clean 409, and a directory that no committed
// row owns cannot be one another request is creating (that request would be holding the lock).

export type TVersionedEntity = "featureGroup" | "featureView" | "trainingDataset";

/** Waits for, then holds until `tx` ends, the lock on one versioned name. */
export const lockVersionedName = async ({
  tx,
  entity,
  projectId,
  name,
}: {
  tx: Prisma.TransactionClient;
  entity: TVersionedEntity;
  projectId: string;
  name: string;
}) => {
  // 64-bit hash of the key: a collision only makes two unrelated names wait for each other, never wrong.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`larder:${entity}:${projectId}:${name}`}, 0))`;
};

// The lock is waited for inside the transaction, so the transaction must outlive the longest queue of creators of
// one name: 8 queued creations of one feature group (a row and a small Delta log file each) took about a second
// in concurrent-create.test.ts on a loaded 2-core machine, where Prisma's default 5 s would be tight.
export const VERSIONED_CREATE_TRANSACTION = { maxWait: 10_000, timeout: 60_000 } as const;
