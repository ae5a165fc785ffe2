import "server-only";
import { db } from "../db/client";
import type { TProjectAccess } from "../principal";
import { featureGroupWhere, preferOwn } from "../access-where";
import type { TFeatureGroupRef } from "@/lib/api/feature-views";

const FEATURE_GROUP_WITH_FEATURES = { features: { orderBy: { position: "asc" as const } } };

export type TReadableFeatureGroup = NonNullable<Awaited<ReturnType<typeof findInProject>>>;

// The reader's own group wins over a shared one of the same name and version (docs/sharing.md "Name collisions").
const findInProject = async ({ projectId, ref }: { projectId: string; ref: TFeatureGroupRef }) =>
  preferOwn(
    await db.featureGroup.findMany({
      where: { ...featureGroupWhere({ projectId, intent: "read" }), name: ref.name, version: ref.version },
      include: FEATURE_GROUP_WITH_FEATURES,
    }),
    projectId,
  );

/**
 * Which feature groups a feature view may read, as decided by `featureGroupWhere` (today those of the caller's own
 * project; sharing widens it there). Null = not readable,
 * which callers report exactly like "does not exist" so other projects' names do not leak.
 */
export const resolveReadableFeatureGroup = async ({
  access,
  ref,
}: {
  access: TProjectAccess;
  ref: TFeatureGroupRef;
}): Promise<TReadableFeatureGroup | null> => findInProject({ projectId: access.project.id, ref });
