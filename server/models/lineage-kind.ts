import "server-only";
import { db } from "../db/client";
import { registerLineageNodeKind } from "../lineage/kinds";

// Models as lineage's last nodes (docs/lineage.md "Node kinds"): their edges (feature view → model, training dataset
// → model) are written by the triggers of migration 20261225000000_lineage_models_sources. A model has no columns;
// PII reaches it whole. A model whose view or dataset was deleted since is `broken`, naming what went.
registerLineageNodeKind({
  kind: "model",
  label: "model",
  resolve: async ({ projectId, ids }) => {
    const rows = await db.model.findMany({
      where: { projectId, id: { in: ids } },
      select: {
        id: true,
        name: true,
        version: true,
        featureViewId: true,
        featureViewName: true,
        featureViewVersion: true,
        trainingDatasets: true,
      },
    });
    return rows.map((row) => {
      const gone = [
        ...(row.featureViewName && !row.featureViewId
          ? [`feature view ${row.featureViewName} v${row.featureViewVersion}`]
          : []),
        ...row.trainingDatasets
          .filter((link) => !link.trainingDatasetId)
          .map((link) => `training dataset ${link.trainingDatasetName} v${link.trainingDatasetVersion}`),
      ];
      return {
        id: row.id,
        name: row.name,
        version: row.version,
        status: gone.length
          ? { state: "broken" as const, message: `Trained on ${gone.join(", ")}, deleted since` }
          : { state: "ok" as const, message: null },
        columns: [],
      };
    });
  },
  find: async ({ projectId, name, version }) =>
    (await db.model.findFirst({ where: { projectId, name, version }, select: { id: true } }))?.id ?? null,
});
