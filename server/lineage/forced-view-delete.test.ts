import { beforeAll, describe, expect, it } from "vitest";
import * as viewRoute from "@/app/api/v1/projects/[project]/feature-views/[name]/[version]/route";
import * as viewsRoute from "@/app/api/v1/projects/[project]/feature-views/route";
import * as modelRoute from "@/app/api/v1/projects/[project]/models/[name]/[version]/route";
import * as modelsRoute from "@/app/api/v1/projects/[project]/models/route";
import * as recreateRoute from "@/app/api/v1/projects/[project]/training-datasets/[name]/[version]/recreate/route";
import * as datasetRoute from "@/app/api/v1/projects/[project]/training-datasets/[name]/[version]/route";
import * as projectDatasetsRoute from "@/app/api/v1/projects/[project]/training-datasets/route";
import * as splitRoute from "@/app/api/v1/projects/[project]/training-datasets/[name]/[version]/splits/[split]/route";
import { db } from "@/server/db/client";
import { createTrainingDataset } from "@/server/feature-views";
import { addMember } from "@/server/registry/members";
import { setUpFraudLineage } from "@/test/fixtures/lineage";
import { resultNames, tagsApi } from "@/test/fixtures/tags";
import { callRoute, createTestUser } from "@/test/helpers";

// A forced delete of a feature view (docs/lineage.md "Forced delete"): its training datasets and models are not
// deleted but kept, marked broken; a dataset's files stay readable, and using what needs the view fails naming it.

let fx: Awaited<ReturnType<typeof setUpFraudLineage>>;
let editor: Awaited<ReturnType<typeof createTestUser>>;
const call = (handler: Parameters<typeof callRoute>[0], params: Record<string, string>, init: object = {}) =>
  callRoute(handler, { project: fx.project.name, ...params }, { userId: fx.owner.id, ...init });
const VIEW = { name: "fraud", version: "1" };
const dataset = () => ({ name: fx.trainingDataset.name, version: "1" });
const REASON = "Built on feature view fraud v1, which was deleted";

beforeAll(async () => {
  fx = await setUpFraudLineage();
  editor = await createTestUser();
  await addMember({ ctx: fx.ctx, access: fx.access, email: editor.email, role: "EDITOR" });
  const model = await call(
    modelsRoute.POST,
    {},
    {
      method: "POST",
      body: { name: "fraud_model", trainingDatasets: [{ name: fx.trainingDataset.name, version: 1 }] },
    },
  );
  expect(model.status, JSON.stringify(model.json)).toBe(201);
}, 180_000);

describe("forced delete of a feature view", () => {
  it("impact analysis shows its online serving: the vectors the feature server served from it this week", async () => {
    const minute = (ago: number) => new Date(Math.floor((Date.now() - ago) / 60_000) * 60_000);
    const metric = { featureViewId: fx.view.id, requests: 1, errors: 0, clientErrors: 0, latencySumMs: 1, groups: [] };
    await db.servingMetricMinute.createMany({
      data: [
        { ...metric, minute: minute(60_000), vectors: 40, latencyBuckets: [1] },
        { ...metric, minute: minute(2 * 86_400_000), vectors: 2, latencyBuckets: [1] },
        // Older than the week impact analysis looks at.
        { ...metric, minute: minute(9 * 86_400_000), vectors: 1000, latencyBuckets: [1] },
      ],
    });
    const view = await fx.api.impact(fx.owner.id, { kind: "feature_view", ...VIEW });
    expect(view.status).toBe(200);
    expect(view.json.target.servedVectors).toBe(42);
    expect(view.json.dependents.every((d: { servedVectors: number }) => d.servedVectors === 0)).toBe(true);
    const group = await fx.api.impact(fx.owner.id, { kind: "feature_group", name: "transactions", version: "1" });
    const dependent = group.json.dependents.find((d: { kind: string }) => d.kind === "feature_view");
    expect(dependent).toMatchObject({ name: "fraud", servedVectors: 42 });
    expect(group.json.target.servedVectors).toBe(0);
  });

  it("is refused with 409 naming its training datasets and models; an Editor cannot force it", async () => {
    const refused = await call(viewRoute.DELETE, VIEW, { method: "DELETE" });
    expect(refused.status).toBe(409);
    expect(refused.json.detail).toContain(`training dataset ${fx.trainingDataset.name} v1`);
    expect(refused.json.detail).toContain("model fraud_model v1");
    const editorForce = await callRoute(
      viewRoute.DELETE,
      { project: fx.project.name, ...VIEW },
      { userId: editor.id, method: "DELETE", query: { force: "true" } },
    );
    expect(editorForce.status).toBe(403);
    expect(editorForce.json.detail).toContain("lineage:override");
    expect(await db.featureView.count({ where: { id: fx.view.id } })).toBe(1);
  });

  it("refuses while one of its datasets is being built, even forced", async () => {
    const { trainingDataset: pending } = await createTrainingDataset({
      ctx: fx.ctx,
      access: fx.access,
      featureViewName: "fraud",
      featureViewVersion: 1,
      input: { name: "fraud_pending" },
      enqueue: false,
    });
    const refused = await call(viewRoute.DELETE, VIEW, { method: "DELETE", query: { force: "true" } });
    expect(refused.status).toBe(409);
    expect(refused.json.detail).toContain("fraud_pending v1");
    expect(refused.json.detail).toContain("being built");
    await db.trainingDataset.delete({ where: { id: pending.id } });
  });

  it("forced by the Owner, keeps the datasets readable and marked broken, and re-creating one names the view", async () => {
    const split = (await call(datasetRoute.GET, dataset())).json.splits[0].name;
    const before = await call(splitRoute.GET, { ...dataset(), split }, { query: { format: "csv" } });
    expect(before.status).toBe(200);
    const forced = await call(viewRoute.DELETE, VIEW, { method: "DELETE", query: { force: "true" } });
    expect(forced.status, JSON.stringify(forced.json)).toBe(204);
    expect(await db.featureView.count({ where: { id: fx.view.id } })).toBe(0);
    expect((await call(viewsRoute.GET, {})).json.featureViews).toEqual([]);

    // The dataset answers, names the view it was made from, and says it is broken.
    const kept = await call(datasetRoute.GET, dataset());
    expect(kept.status).toBe(200);
    expect(kept.json.featureView).toEqual({ id: null, name: "fraud", version: 1 });
    expect(kept.json.broken).toBe(REASON);
    expect(kept.json.status).toBe("READY");
    expect(kept.json.columns.map((c: { name: string }) => c.name)).toContain("amount_to_limit");
    // The project's list of datasets (the console's Training datasets page) still has it, marked.
    const list = await call(projectDatasetsRoute.GET, {});
    expect(list.status).toBe(200);
    expect(list.json.trainingDatasets).toEqual([
      expect.objectContaining({
        name: fx.trainingDataset.name,
        featureView: { id: null, name: "fraud", version: 1 },
        broken: REASON,
      }),
    ]);

    // Its files were written before: the same rows download as before.
    const after = await call(splitRoute.GET, { ...dataset(), split }, { query: { format: "csv" } });
    expect(after.status).toBe(200);
    expect(after.text).toBe(before.text);
    expect(after.text.split("\n").length).toBeGreaterThan(2);

    // Re-creating needs the view: 409 naming what was deleted; nothing written.
    const recreate = await call(recreateRoute.POST, dataset(), { method: "POST" });
    expect(recreate.status).toBe(409);
    expect(recreate.json.detail).toContain("its feature view fraud v1 was deleted");
    expect(await db.trainingDataset.count({ where: { projectId: fx.project.id } })).toBe(1);

    // The lineage graph, the model and search show the kept dataset broken (the model too).
    const graph = await fx.api.graph(fx.owner.id, { kind: "training_dataset", ...dataset(), depth: "2" });
    expect(graph.status).toBe(200);
    const node = graph.json.nodes.find((n: { kind: string }) => n.kind === "training_dataset");
    expect(node.status).toEqual({ state: "broken", message: REASON });
    expect(node.columns.map((c: { name: string }) => c.name)).toContain("amount_to_limit");
    expect(graph.json.nodes.find((n: { kind: string }) => n.kind === "model").status.state).toBe("broken");
    const model = await call(modelRoute.GET, { name: "fraud_model", version: "1" });
    expect(model.status).toBe(200);
    const search = await tagsApi.search(fx.owner.id, fx.trainingDataset.name);
    expect(resultNames(search.json, "trainingDataset")).toContain(fx.trainingDataset.name);
    const delete_ = await call(viewRoute.DELETE, VIEW, { method: "DELETE" });
    expect(delete_.status).toBe(404);
  });

  it("a kept dataset can still be deleted (by force: a model names it), taking its mark with it", async () => {
    const forced = await call(datasetRoute.DELETE, dataset(), { method: "DELETE", query: { force: "true" } });
    expect(forced.status, JSON.stringify(forced.json)).toBe(204);
    expect(await db.trainingDataset.count({ where: { projectId: fx.project.id } })).toBe(0);
    expect(await db.lineageBroken.count({ where: { projectId: fx.project.id, kind: "training_dataset" } })).toBe(0);
    expect(await db.lineageBroken.count({ where: { projectId: fx.project.id, kind: "model" } })).toBe(1);
  });
});
