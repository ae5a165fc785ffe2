import { readFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import * as groupRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/route";
import * as batchRoute from "@/app/api/v1/projects/[project]/feature-views/[name]/[version]/batch-data/route";
import * as viewRoute from "@/app/api/v1/projects/[project]/feature-views/[name]/[version]/route";
import * as datasetsRoute from "@/app/api/v1/projects/[project]/feature-views/[name]/[version]/training-datasets/route";
import * as vectorRoute from "@/app/api/v1/projects/[project]/feature-views/[name]/[version]/vector/route";
import * as viewsRoute from "@/app/api/v1/projects/[project]/feature-views/route";
import * as modelRoute from "@/app/api/v1/projects/[project]/models/[name]/[version]/route";
import * as modelsRoute from "@/app/api/v1/projects/[project]/models/route";
import * as datasetRoute from "@/app/api/v1/projects/[project]/training-datasets/[name]/[version]/route";
import { db } from "@/server/db/client";
import { createFeatureGroup } from "@/server/registry/feature-groups";
import { addMember } from "@/server/registry/members";
import { edgeStrings, setUpFraudLineage } from "@/test/fixtures/lineage";
import { tagsApi } from "@/test/fixtures/tags";
import { featureList } from "@/test/fixtures/test-project";
import { callRoute, createTestUser } from "@/test/helpers";

// Lineage's two ends (models, data sources: edges, backfill, names, PII, impact with monitors) and the forced
// delete (docs/lineage.md "Forced delete").

let fx: Awaited<ReturnType<typeof setUpFraudLineage>>;
let editor: Awaited<ReturnType<typeof createTestUser>>;
const PII = { tags: [{ schema: "pii", value: { category: "financial" } }], keywords: [] };
const call = (handler: Parameters<typeof callRoute>[0], params: Record<string, string>, init: object = {}) =>
  callRoute(handler, { project: fx.project.name, ...params }, { userId: fx.owner.id, ...init });

beforeAll(async () => {
  fx = await setUpFraudLineage();
  editor = await createTestUser();
  await addMember({ ctx: fx.ctx, access: fx.access, email: editor.email, role: "EDITOR" });
  // The source and its group's link as server/sources writes them (its own checks are tested there; creating a
  // file source here would need LARDER_SOURCE_DIRS, which the worker's shared environment may have read already):
  // the trigger on "FeatureGroupSource" records the edge.
  const group = await createFeatureGroup({
    ctx: fx.ctx,
    access: fx.access,
    input: { name: "raw", primaryKey: ["raw_id"], features: featureList({ raw_id: "bigint", amount: "double" }) },
  });
  const source = await db.dataSource.create({
    data: {
      id: `src-${fx.project.id}`,
      projectId: fx.project.id,
      name: "raw_file",
      kind: "file",
      config: {
        path: "/nowhere/raw.csv",
        format: "csv",
        columns: [{ name: "raw_id", sourceName: "raw_id", type: "bigint" }],
      },
    },
  });
  await db.featureGroupSource.create({ data: { featureGroupId: group.id, dataSourceId: source.id } });
  const model = await call(
    modelsRoute.POST,
    {},
    {
      method: "POST",
      body: {
        name: "fraud_model",
        featureView: { name: "fraud", version: 1 },
        trainingDatasets: [{ name: fx.trainingDataset.name, version: 1 }],
      },
    },
  );
  expect(model.status, JSON.stringify(model.json)).toBe(201);
}, 180_000);

const names = async () => {
  const [models, sources] = await Promise.all([
    db.model.findMany({ where: { projectId: fx.project.id } }),
    db.dataSource.findMany({ where: { projectId: fx.project.id } }),
  ]);
  const byId = new Map([...models, ...sources].map((row) => [row.id, row.name]));
  return (await edgeStrings(fx.project.id)).map((edge) =>
    edge.replace(/[a-z0-9_-]{20,}/gi, (id) => byId.get(id) ?? id),
  );
};

describe("models and data sources in the lineage", () => {
  it("record data source → group, view → model and dataset → model as they are linked, and the backfill gives the same", async () => {
    const expected = [
      "data_source:raw_file → feature_group:raw",
      "feature_view:fraud → model:fraud_model",
      `training_dataset:${fx.trainingDataset.name} → model:fraud_model`,
    ];
    expect(await names()).toEqual(expect.arrayContaining(expected));
    const before = await edgeStrings(fx.project.id);
    await db.lineageEdge.deleteMany({
      where: { projectId: fx.project.id, OR: [{ toKind: "model" }, { fromKind: "data_source" }] },
    });
    expect(await names()).not.toEqual(expect.arrayContaining([expected[0]]));
    const sql = await readFile("prisma/migrations/20261225000000_lineage_models_sources/migration.sql", "utf8");
    const backfill = sql.split("\n-- Backfill")[1].split("\n").slice(1).join("\n");
    for (const statement of backfill
      .split(";")
      .map((s) => s.trim())
      .filter(Boolean))
      await db.$executeRawUnsafe(statement);
    expect(await edgeStrings(fx.project.id)).toEqual(before);
  });

  it("shows them as the chain's first and last nodes, named, and carries PII to the model", async () => {
    const graph = await fx.api.graph(fx.owner.id, { kind: "model", name: "fraud_model", version: "1", depth: "3" });
    expect(graph.status, JSON.stringify(graph.json)).toBe(200);
    const model = graph.json.nodes.find((n: { kind: string }) => n.kind === "model");
    expect(model).toMatchObject({ name: "fraud_model", version: 1, status: { state: "ok" } });
    expect(model.pii).toEqual([]);
    await tagsApi.set(fx.owner.id, { project: fx.project.name, name: "transactions", feature: "amount" }, PII);
    const tagged = await fx.api.graph(fx.owner.id, { kind: "model", name: "fraud_model", version: "1" });
    expect(tagged.json.nodes.find((n: { kind: string }) => n.kind === "model").pii).toEqual(["transactions.amount"]);
    const source = await fx.api.graph(fx.owner.id, { kind: "data_source", name: "raw_file", version: "1" });
    expect(source.status).toBe(200);
    expect(source.json.nodes.map((n: { kind: string; name: string }) => `${n.kind}:${n.name}`).sort()).toEqual([
      "data_source:raw_file",
      "feature_group:raw",
    ]);
    expect(source.json.nodes[0].version).toBeNull();
  });

  it("impact analysis lists the models and the monitors on the group or a dependent view", async () => {
    await db.monitor.create({
      data: {
        id: `mon-${fx.project.id}`,
        projectId: fx.project.id,
        name: "fraud_drift",
        featureViewId: fx.view.id,
        spec: {},
      },
    });
    const impact = await fx.api.impact(fx.owner.id, { kind: "feature_group", name: "cards", version: "1" });
    expect(impact.status).toBe(200);
    expect(impact.json.dependents.map((d: { kind: string; name: string }) => `${d.kind}:${d.name}`)).toContain(
      "model:fraud_model",
    );
    expect(impact.json.monitors).toEqual([
      { name: "fraud_drift", on: { kind: "feature_view", name: "fraud", version: 1 } },
    ]);
    expect(impact.json.summary).toContain("model fraud_model v1");
    expect(impact.json.summary).toContain("monitor fraud_drift");
  });
});

describe("forced delete", () => {
  const dataset = () => ({ name: fx.trainingDataset.name, version: "1" });

  it("refuses a breaking delete with 409 naming the dependents; an Editor cannot force it", async () => {
    const refused = await call(groupRoute.DELETE, { name: "banks", version: "1" }, { method: "DELETE" });
    expect(refused.status).toBe(409);
    expect(refused.json.detail).toContain("feature view fraud v1");
    const model = await call(datasetRoute.DELETE, dataset(), { method: "DELETE" });
    expect(model.status).toBe(409);
    expect(model.json.detail).toContain("model fraud_model v1");
    const editorForce = await callRoute(
      groupRoute.DELETE,
      { project: fx.project.name, name: "banks", version: "1" },
      { userId: editor.id, method: "DELETE", query: { force: "true" } },
    );
    expect(editorForce.status).toBe(403);
    expect(await db.featureGroup.count({ where: { projectId: fx.project.id, name: "banks" } })).toBe(1);
  });

  it("forced by the Owner, keeps the dependents marked broken, and they fail naming the deleted group", async () => {
    const forced = await call(
      groupRoute.DELETE,
      { name: "banks", version: "1" },
      { method: "DELETE", query: { force: "true" } },
    );
    expect(forced.status, JSON.stringify(forced.json)).toBe(204);
    expect(await db.featureView.count({ where: { id: fx.view.id } })).toBe(1);
    const marks = await db.lineageBroken.findMany({ where: { projectId: fx.project.id }, orderBy: { kind: "asc" } });
    expect(marks.map((m) => m.kind)).toEqual(["feature_view", "model", "training_dataset"]);
    expect(marks[0].reason).toBe("Built on feature group banks v1, which was deleted");

    // Every read of the broken view answers (no 5xx); the graph shows it broken.
    const view = await call(viewRoute.GET, { name: "fraud", version: "1" });
    expect(view.status).toBe(200);
    expect(view.json.joins.map((j: { featureGroup: { name: string } }) => j.featureGroup.name)).toContain("banks");
    const list = await call(viewsRoute.GET, {});
    expect(list.status).toBe(200);
    const datasets = await call(datasetsRoute.GET, { name: "fraud", version: "1" });
    expect(datasets.status).toBe(200);
    const model = await call(modelRoute.GET, { name: "fraud_model", version: "1" });
    expect(model.status).toBe(200);
    expect((await tagsApi.search(fx.owner.id, "fraud")).status).toBe(200);
    const graph = await fx.api.graph(fx.owner.id, { kind: "feature_view", name: "fraud", version: "1" });
    expect(graph.status).toBe(200);
    expect(graph.json.nodes.find((n: { kind: string }) => n.kind === "feature_view").status).toEqual({
      state: "broken",
      message: "Built on feature group banks v1, which was deleted",
    });
    const modelGraph = await fx.api.graph(fx.owner.id, { kind: "model", name: "fraud_model", version: "1" });
    expect(modelGraph.json.nodes.find((n: { kind: string }) => n.kind === "model").status.state).toBe("broken");

    // Using it fails with a 409 naming what was deleted.
    const batch = await call(
      batchRoute.POST,
      { name: "fraud", version: "1" },
      {
        method: "POST",
        body: { entities: [{ transaction_id: 3 }] },
      },
    );
    expect(batch.status).toBe(409);
    expect(batch.json.detail).toContain("feature group banks v1 was deleted");
    const training = await call(datasetsRoute.POST, { name: "fraud", version: "1" }, { method: "POST", body: {} });
    expect(training.status).toBe(409);
    expect(training.json.detail).toContain("feature group banks v1 was deleted");
    const vector = await call(
      vectorRoute.POST,
      { name: "fraud", version: "1" },
      {
        method: "POST",
        body: { entities: { transaction_id: 3 } },
      },
    );
    expect(vector.status).toBeGreaterThanOrEqual(400);
    expect(vector.status).toBeLessThan(500);
  });

  it("a forced dataset delete keeps the model, marked broken", async () => {
    const forced = await call(datasetRoute.DELETE, dataset(), { method: "DELETE", query: { force: "true" } });
    expect(forced.status, JSON.stringify(forced.json)).toBe(204);
    expect(await db.model.count({ where: { projectId: fx.project.id, name: "fraud_model" } })).toBe(1);
    expect(await db.lineageBroken.count({ where: { projectId: fx.project.id, kind: "model" } })).toBe(1);
  });
});
