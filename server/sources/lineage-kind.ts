import "server-only";
import { db } from "../db/client";
import { registerLineageNodeKind } from "../lineage/kinds";
import type { TFileConfig, TPgConfig } from "./sources";

// Data sources as lineage's first nodes (docs/lineage.md "Node kinds"): the edge data source → feature group is
// written by a trigger on "FeatureGroupSource" (migration 20261225000000_lineage_models_sources). Sources are not
// versioned: the graph shows them without a version, and `find` takes any version.
registerLineageNodeKind({
  kind: "data_source",
  label: "data source",
  resolve: async ({ projectId, ids }) => {
    const rows = await db.dataSource.findMany({
      where: { projectId, id: { in: ids } },
      select: { id: true, name: true, config: true },
    });
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      version: null,
      status: { state: "ok" as const, message: null },
      columns: ((row.config as TPgConfig | TFileConfig).columns ?? []).map((column) => column.name),
    }));
  },
  find: async ({ projectId, name }) =>
    (await db.dataSource.findFirst({ where: { projectId, name }, select: { id: true } }))?.id ?? null,
});
