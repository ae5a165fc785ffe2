import "server-only";
import { featureGroupWhere, featureViewWhere, trainingDatasetWhere } from "../access-where";
import { db } from "../db/client";
import { ConflictError } from "../errors";
import type { TSharedIds } from "./impact";

// A shared item is found in the receiving project by its name and version, like the project's own items. Accepting
// a share whose item has the name and version of one of the receiver's own items of the same kind would make that
// name ambiguous, so acceptance refuses it (docs/sharing.md). `intent: "write"`: each project's own items.

type TRef = { name: string; version: number };
const KINDS = [
  {
    label: "Feature group",
    ids: (shared: TSharedIds) => shared.featureGroups,
    find: (projectId: string, where: object) =>
      db.featureGroup.findMany({
        where: { ...featureGroupWhere({ projectId, intent: "write" }), ...where },
        select: { name: true, version: true },
      }),
  },
  {
    label: "Feature view",
    ids: (shared: TSharedIds) => shared.featureViews,
    find: (projectId: string, where: object) =>
      db.featureView.findMany({
        where: { ...featureViewWhere({ projectId, intent: "write" }), ...where },
        select: { name: true, version: true },
      }),
  },
  {
    label: "Training dataset",
    ids: (shared: TSharedIds) => shared.trainingDatasets,
    find: (projectId: string, where: object) =>
      db.trainingDataset.findMany({
        where: { ...trainingDatasetWhere({ projectId, intent: "write" }), ...where },
        select: { name: true, version: true },
      }),
  },
];

/** 409 naming the first shared item whose name and version the receiving project already uses for its own. */
export const refuseNameCollisions = async ({
  homeProjectId,
  receiverProjectId,
  shared,
}: {
  homeProjectId: string;
  receiverProjectId: string;
  shared: TSharedIds;
}) => {
  for (const kind of KINDS) {
    const ids = kind.ids(shared);
    if (!ids.length) continue;
    const items: TRef[] = await kind.find(homeProjectId, { id: { in: ids } });
    if (!items.length) continue;
    const [taken] = await kind.find(receiverProjectId, {
      OR: items.map(({ name, version }) => ({ name, version })),
    });
    if (taken)
      throw new ConflictError(
        `${kind.label} '${taken.name}' version ${taken.version} exists in this project too: the shared one could not be told apart; rename or delete this project's version first`,
      );
  }
};
