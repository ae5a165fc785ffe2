import "server-only";
import { featureGroupWhere, featureViewWhere, trainingDatasetWhere } from "../access-where";
import { db } from "../db/client";
import type { TShareImpact } from "@/lib/api/sharing";

// What a share's items are used for in the receiving project, as counts (the receiver's catalog is not the home
// project's to read). `intent: "write"` below means "owned by that project": the home project's own items for a
// whole-store share, the receiver's own views, datasets, models and monitors for the impact.

export type TSharedIds = { featureGroups: string[]; featureViews: string[]; trainingDatasets: string[] };

type TShareRow = {
  homeProjectId: string;
  scope: string;
  items: { featureGroupId: string | null; featureViewId: string | null; trainingDatasetId: string | null }[];
};

const present = (ids: (string | null)[]) => ids.filter((id): id is string => id !== null);

/** The ids of what a share covers now (a whole-store share: every item of the home project). */
export const sharedIds = async (share: TShareRow): Promise<TSharedIds> => {
  if (share.scope !== "ALL")
    return {
      featureGroups: present(share.items.map(({ featureGroupId }) => featureGroupId)),
      featureViews: present(share.items.map(({ featureViewId }) => featureViewId)),
      trainingDatasets: present(share.items.map(({ trainingDatasetId }) => trainingDatasetId)),
    };
  const home = { projectId: share.homeProjectId, intent: "write" } as const;
  const [groups, views, datasets] = await Promise.all([
    db.featureGroup.findMany({ where: featureGroupWhere(home), select: { id: true } }),
    db.featureView.findMany({ where: featureViewWhere(home), select: { id: true } }),
    db.trainingDataset.findMany({ where: trainingDatasetWhere(home), select: { id: true } }),
  ]);
  return {
    featureGroups: groups.map(({ id }) => id),
    featureViews: views.map(({ id }) => id),
    trainingDatasets: datasets.map(({ id }) => id),
  };
};

/** The receiver's own views, datasets, models and monitors that use what `shared` names. */
export const shareImpact = async ({
  receiverProjectId,
  shared,
}: {
  receiverProjectId: string;
  shared: TSharedIds;
}): Promise<TShareImpact> => {
  const own = { projectId: receiverProjectId, intent: "write" } as const;
  const views = await db.featureView.findMany({
    where: { ...featureViewWhere(own), sources: { some: { featureGroupId: { in: shared.featureGroups } } } },
    select: { id: true },
  });
  const viewIds = [...views.map(({ id }) => id), ...shared.featureViews];
  const datasets = await db.trainingDataset.findMany({
    where: { ...trainingDatasetWhere(own), featureViewId: { in: viewIds } },
    select: { id: true },
  });
  const datasetIds = [...datasets.map(({ id }) => id), ...shared.trainingDatasets];
  const [models, monitors] = await Promise.all([
    db.model.count({
      where: {
        projectId: receiverProjectId,
        OR: [
          { featureViewId: { in: viewIds } },
          { trainingDatasets: { some: { trainingDatasetId: { in: datasetIds } } } },
        ],
      },
    }),
    db.monitor.count({
      where: {
        projectId: receiverProjectId,
        OR: [{ featureGroupId: { in: shared.featureGroups } }, { featureViewId: { in: viewIds } }],
      },
    }),
  ]);
  return { featureViews: views.length, trainingDatasets: datasets.length, models, monitors };
};
