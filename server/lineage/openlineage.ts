import "server-only";
import { createHash } from "node:crypto";
import { featureGroupWhere, trainingDatasetWhere } from "../access-where";
import { db } from "../db/client";
import type { TProjectAccess } from "../principal";
import { loadProjectEdges } from "./edges";

// OpenLineage export (docs/lineage.md): one COMPLETE run event per job that produced an artifact — each commit of a
// feature group (ingest), each READY training dataset, each finished materialization — with the schema facet and,
// for training datasets and derived groups, the column-lineage facet. Valid against spec 2-0-2 (tested with ajv
// against ../shared/openlineage).

const SCHEMA_URL = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
const PRODUCER = "https://github.com/larder/larder/tree/main/server/lineage";
const SCHEMA_FACET = "https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet";
const COLUMN_FACET =
  "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet";
/** The most recent commits exported per request (each is a run). */
const MAX_COMMITS = 1000;

/** A stable UUID for a run: OpenLineage run ids are UUIDs, Larder's job ids are not. */
const runId = (seed: string) => {
  const hex = createHash("sha1").update(seed).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

type TDataset = { namespace: string; name: string; facets?: Record<string, unknown> };

export const exportOpenLineage = async ({ access }: { access: TProjectAccess }) => {
  const projectId = access.project.id;
  const namespace = `larder://${access.project.name}`;
  const groupName = (g: { name: string; version: number }) => `feature_groups.${g.name}.v${g.version}`;
  const [groups, datasets, commits, materializations, edges] = await Promise.all([
    db.featureGroup.findMany({
      where: featureGroupWhere({ projectId, intent: "read" }),
      select: {
        id: true,
        name: true,
        version: true,
        features: { select: { name: true, type: true, description: true }, orderBy: { position: "asc" } },
      },
    }),
    db.trainingDataset.findMany({
      where: { ...trainingDatasetWhere({ projectId, intent: "read" }), status: "READY" },
      select: {
        id: true,
        name: true,
        version: true,
        jobId: true,
        finishedAt: true,
        createdAt: true,
        featureViewId: true,
        columns: true,
        featureView: { select: { name: true, version: true } },
        sourceCommits: { select: { featureGroupId: true, deltaVersion: true } },
      },
    }),
    db.featureGroupCommit.findMany({
      where: { featureGroup: featureGroupWhere({ projectId, intent: "read" }) },
      orderBy: { committedAt: "desc" },
      take: MAX_COMMITS,
      select: { id: true, featureGroupId: true, deltaVersion: true, committedAt: true, operation: true, jobId: true },
    }),
    db.job.findMany({
      where: { projectId, type: "materialize", status: "SUCCEEDED", featureGroupId: { not: null } },
      select: { id: true, featureGroupId: true, finishedAt: true, createdAt: true },
    }),
    loadProjectEdges(projectId),
  ]);
  const groupById = new Map(groups.map((g) => [g.id, g]));
  const schemaFacet = (fields: { name: string; type?: string; description?: string }[]) => ({
    _producer: PRODUCER,
    _schemaURL: SCHEMA_FACET,
    fields: fields.map((f) => ({
      name: f.name,
      ...(f.type ? { type: f.type } : {}),
      ...(f.description ? { description: f.description } : {}),
    })),
  });
  const groupDataset = (id: string): TDataset | null => {
    const g = groupById.get(id);
    return g ? { namespace, name: groupName(g), facets: { schema: schemaFacet(g.features) } } : null;
  };
  const event = (seed: string, job: string, at: Date, inputs: TDataset[], outputs: TDataset[]) => ({
    eventType: "COMPLETE",
    eventTime: at.toISOString(),
    producer: PRODUCER,
    schemaURL: SCHEMA_URL,
    run: { runId: runId(seed) },
    job: { namespace, name: job },
    inputs,
    outputs,
  });
  // Column edges into a node, by its column: where each comes from (feature group features).
  const inputsOf = (kind: string, id: string) => {
    const byColumn = new Map<
      string,
      { namespace: string; name: string; field: string; transformations: unknown[] }[]
    >();
    for (const edge of edges) {
      if (edge.toKind !== kind || edge.toId !== id || !edge.toColumn || edge.fromKind !== "feature_group") continue;
      const g = groupById.get(edge.fromId);
      if (!g) continue;
      const onDemand = typeof edge.attributes.onDemand === "string" ? edge.attributes.onDemand : null;
      const transformation = typeof edge.attributes.transformation === "string" ? edge.attributes.transformation : null;
      byColumn.set(edge.toColumn, [
        ...(byColumn.get(edge.toColumn) ?? []),
        {
          namespace,
          name: groupName(g),
          field: edge.fromColumn,
          transformations: [
            onDemand || transformation
              ? {
                  type: "DIRECT",
                  subtype: "TRANSFORMATION",
                  description: onDemand ?? transformation!,
                  masking: edge.deidentifying,
                }
              : { type: "DIRECT", subtype: "IDENTITY", masking: edge.deidentifying },
          ],
        },
      ]);
    }
    return byColumn;
  };
  const columnFacet = (byColumn: ReturnType<typeof inputsOf>) => ({
    _producer: PRODUCER,
    _schemaURL: COLUMN_FACET,
    fields: Object.fromEntries([...byColumn].map(([column, inputFields]) => [column, { inputFields }])),
  });
  const events: Record<string, unknown>[] = [];
  for (const commit of commits) {
    const output = groupDataset(commit.featureGroupId);
    if (!output) continue;
    // A derived group's commit reads its declared parents; its same-named features come from theirs.
    const parents = edges.filter(
      (e) =>
        e.toKind === "feature_group" &&
        e.toId === commit.featureGroupId &&
        !e.toColumn &&
        e.fromKind === "feature_group",
    );
    const viewLike = inputsOf("feature_group", commit.featureGroupId);
    if (viewLike.size) output.facets = { ...output.facets, columnLineage: columnFacet(viewLike) };
    events.push(
      event(
        commit.jobId ?? commit.id,
        `ingest.${groupName(groupById.get(commit.featureGroupId)!)}`,
        commit.committedAt,
        parents.flatMap((p) => groupDataset(p.fromId) ?? []),
        [output],
      ),
    );
  }
  for (const dataset of datasets) {
    // What the view's columns read, carried through to the dataset's columns of the same name.
    // A dataset kept by a forced view delete has no view (and no column edges) left: its columns carry no inputs.
    const viewInputs = dataset.featureViewId ? inputsOf("feature_view", dataset.featureViewId) : new Map();
    const columns = (dataset.columns as { name: string; type: string }[]).length
      ? (dataset.columns as { name: string; type: string }[])
      : [...viewInputs.keys()].map((name) => ({ name, type: "" }));
    const byColumn = new Map([...viewInputs].filter(([column]) => columns.some((c) => c.name === column)));
    events.push(
      event(
        dataset.jobId ?? dataset.id,
        `training_dataset.${dataset.name}.v${dataset.version}`,
        dataset.finishedAt ?? dataset.createdAt,
        [...new Set(dataset.sourceCommits.flatMap((s) => s.featureGroupId ?? []))].flatMap(
          (id) => groupDataset(id) ?? [],
        ),
        [
          {
            namespace,
            name: `training_datasets.${dataset.name}.v${dataset.version}`,
            facets: { schema: schemaFacet(columns), columnLineage: columnFacet(byColumn) },
          },
        ],
      ),
    );
  }
  for (const job of materializations) {
    const input = groupDataset(job.featureGroupId!);
    if (!input) continue;
    const g = groupById.get(job.featureGroupId!)!;
    events.push(
      event(
        job.id,
        `materialize.${groupName(g)}`,
        job.finishedAt ?? job.createdAt,
        [input],
        [{ namespace, name: `online.${g.name}.v${g.version}`, facets: { schema: schemaFacet(g.features) } }],
      ),
    );
  }
  return { events };
};
