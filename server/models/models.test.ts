import { readdir } from "node:fs/promises";
import { describe, expect, it, vi } from "vitest";
import * as artifactRoute from "@/app/api/v1/projects/[project]/models/[name]/[version]/artifact/route";
import * as modelRoute from "@/app/api/v1/projects/[project]/models/[name]/[version]/route";
import * as modelsRoute from "@/app/api/v1/projects/[project]/models/route";
import * as viewRoute from "@/app/api/v1/projects/[project]/feature-views/[name]/[version]/route";
import * as modelTagsRoute from "@/app/api/v1/projects/[project]/models/[name]/[version]/tags/route";
import { db } from "@/server/db/client";
import { resultNames, tagsApi } from "@/test/fixtures/tags";
import { createFeatureView, createTrainingDataset } from "@/server/feature-views";
import { runTrainingDataset } from "@/server/feature-views/run-training";
import { markOnlineOutOfSync } from "@/server/online/sync-state";
import { createFeatureGroup } from "@/server/registry/feature-groups";
import { commitRows, createOwnedProject, featureList, useOwnedProject } from "@/test/fixtures/test-project";
import { callRoute, sessionCookie, uniqueName } from "@/test/helpers";
import { modelDir } from "./models";

// The model registry (docs/models.md): versions, links to the feature view and training datasets (this project
// only), the artifact upload and its size limit, and the models a view or dataset lists.

vi.hoisted(() => {
  process.env.LARDER_MAX_ARTIFACT_BYTES = "4096";
});

const fx = useOwnedProject({ roles: ["VIEWER"] });

/** A feature view over one online group and a READY training dataset of it, in `project`. */
const trainedOn = async (owner: { ctx: never; access: never } | typeof fx) => {
  const { ctx, access } = owner as typeof fx;
  const group = uniqueName("mg");
  await createFeatureGroup({
    ctx,
    access,
    input: {
      name: group,
      primaryKey: ["card_id"],
      eventTime: "ts",
      onlineEnabled: true,
      features: featureList({ card_id: "bigint", ts: "timestamp", amount: "double" }),
    },
  });
  await commitRows(
    access.project.id,
    group,
    "(1, TIMESTAMPTZ '2026-01-01T00:00:00Z', 10.5), (2, TIMESTAMPTZ '2026-01-02T00:00:00Z', 20.0)",
    "card_id, ts, amount",
  );
  const view = uniqueName("mv");
  await createFeatureView({ ctx, access, input: { name: view, root: { featureGroup: { name: group, version: 1 } } } });
  const { trainingDataset } = await createTrainingDataset({
    ctx,
    access,
    featureViewName: view,
    featureViewVersion: 1,
    input: {},
    enqueue: false,
  });
  await runTrainingDataset({ projectId: access.project.id, trainingDatasetId: trainingDataset.id });
  return { group, view, dataset: trainingDataset.name };
};

const register = (body: Record<string, unknown>, userId = fx.owner.id, project = fx.project.name) =>
  callRoute(modelsRoute.POST, { project }, { userId, method: "POST", body });

const putArtifact = async (name: string, bytes: Uint8Array, fileName = "model.onnx") => {
  const url = new URL("http://localhost:3000/api/v1/test");
  url.searchParams.set("fileName", fileName);
  const response = await artifactRoute.PUT(
    new Request(url, {
      method: "PUT",
      headers: {
        cookie: await sessionCookie(fx.owner.id),
        "x-larder-csrf": "1",
        "x-larder-peer-address": "10.0.0.1",
        "content-type": "application/octet-stream",
      },
      body: bytes as unknown as BodyInit,
    }),
    { params: Promise.resolve({ project: fx.project.name, name, version: "1" }) },
  );
  return { status: response.status, json: await response.json().catch(() => null) };
};

describe("models", () => {
  it("register versions linked to their dataset and feature view, listed on both", async () => {
    const links = await trainedOn(fx);
    const name = uniqueName("fraud_model");
    const first = await register({
      name,
      framework: "xgboost",
      metrics: { auc: 0.91, "recall@10": 0.5 },
      trainingDatasets: [{ name: links.dataset, version: 1 }],
    });
    expect(first.status, JSON.stringify(first.json)).toBe(201);
    expect(first.json).toMatchObject({
      version: 1,
      featureView: { name: links.view, version: 1, exists: true },
      trainingDatasets: [{ name: links.dataset, version: 1, exists: true }],
      metrics: { auc: 0.91, "recall@10": 0.5 },
      artifact: null,
      // The view's only group is online but never materialized… it is online-enabled and in sync (no failed write).
      serving: { online: true, featureGroups: [{ name: links.group, onlineEnabled: true, inSync: true }] },
    });
    // A failed online write-through marks the group out of sync: the model's page says its view cannot serve.
    const group = await db.featureGroup.findFirstOrThrow({ where: { projectId: fx.project.id, name: links.group } });
    await markOnlineOutOfSync({ featureGroupId: group.id, version: 1 });
    const stale = await callRoute(
      modelRoute.GET,
      { project: fx.project.name, name, version: "1" },
      { userId: fx.member.id },
    );
    expect(stale.json.serving).toEqual({
      online: false,
      featureGroups: [{ name: links.group, version: 1, onlineEnabled: true, inSync: false }],
    });
    const second = await register({ name, featureView: { name: links.view, version: 1 } });
    expect(second.json.version).toBe(2);
    const again = await register({ name, version: 2 });
    expect(again.status).toBe(409);

    const byView = await callRoute(
      modelsRoute.GET,
      { project: fx.project.name },
      {
        userId: fx.member.id,
        query: { featureView: links.view, featureViewVersion: "1" },
      },
    );
    expect(byView.json.models.map((m: { version: number }) => m.version)).toEqual([2, 1]);
    const byDataset = await callRoute(
      modelsRoute.GET,
      { project: fx.project.name },
      {
        userId: fx.member.id,
        query: { trainingDataset: links.dataset },
      },
    );
    expect(byDataset.json.models.map((m: { version: number }) => m.version)).toEqual([1]);
    const audit = await db.auditEvent.findFirst({ where: { action: "model.create", resourceName: `${name} v1` } });
    expect(audit?.details).toMatchObject({ trainingDatasets: [`${links.dataset} v1`] });
  });

  it("refuses another project's dataset or view, naming the field, and saves nothing", async () => {
    const other = await createOwnedProject();
    const theirs = await trainedOn(other as never);
    const name = uniqueName("borrowed");
    const response = await register({
      name,
      featureView: { name: theirs.view, version: 1 },
      trainingDatasets: [{ name: theirs.dataset, version: 1 }],
    });
    expect(response.status).toBe(422);
    expect(response.json.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      "featureView",
      "trainingDatasets.0",
    ]);
    expect(await db.model.count({ where: { name } })).toBe(0);
  });

  it("refuses a dataset made from another view than the one named", async () => {
    const a = await trainedOn(fx);
    const b = await trainedOn(fx);
    const response = await register({
      name: uniqueName("mixed"),
      featureView: { name: a.view, version: 1 },
      trainingDatasets: [{ name: b.dataset, version: 1 }],
    });
    expect(response.status).toBe(422);
    expect(response.json.errors[0].path).toBe("trainingDatasets.0");
  });

  it("is refused to a Viewer", async () => {
    expect((await register({ name: uniqueName("v") }, fx.member.id)).status).toBe(403);
  });

  it("keeps the record when its feature view is deleted, marking the link gone", async () => {
    const links = await trainedOn(fx);
    const name = uniqueName("orphan");
    await register({ name, featureView: { name: links.view, version: 1 } });
    const deleted = await callRoute(
      viewRoute.DELETE,
      { project: fx.project.name, name: links.view, version: "1" },
      { userId: fx.owner.id, method: "DELETE", query: { force: "true" } },
    );
    expect(deleted.status).toBe(204);
    const model = await callRoute(
      modelRoute.GET,
      { project: fx.project.name, name, version: "1" },
      { userId: fx.owner.id },
    );
    expect(model.json.featureView).toEqual({ name: links.view, version: 1, exists: false });
    expect(model.json.serving).toBeNull();
  });
});

describe("models in search", () => {
  it("are found by name, framework and keyword; a Viewer finds them too", async () => {
    const name = uniqueName("searchable_model");
    await register({ name, framework: "catboost", description: "Scores churn" });
    const labels = await callRoute(
      modelTagsRoute.PUT,
      { project: fx.project.name, name, version: "1" },
      { userId: fx.owner.id, method: "PUT", body: { tags: [], keywords: ["retention"] } },
    );
    expect(labels.status, JSON.stringify(labels.json)).toBe(200);
    expect(resultNames((await tagsApi.search(fx.member.id, name)).json, "model")).toEqual([name]);
    expect(resultNames((await tagsApi.search(fx.owner.id, "catboost")).json, "model")).toContain(name);
    expect(resultNames((await tagsApi.search(fx.owner.id, "keyword:retention")).json, "model")).toContain(name);
    const deleted = await callRoute(
      modelRoute.DELETE,
      { project: fx.project.name, name, version: "1" },
      {
        userId: fx.owner.id,
        method: "DELETE",
      },
    );
    expect(deleted.status).toBe(204);
    expect(resultNames((await tagsApi.search(fx.owner.id, name)).json, "model")).toEqual([]);
  });
});

describe("model artifacts", () => {
  it("are stored beside the data, downloadable, and replaced without leaving the old file", async () => {
    const name = uniqueName("art");
    const created = await register({ name });
    const bytes = new TextEncoder().encode("onnx-bytes-".repeat(100));
    const put = await putArtifact(name, bytes);
    expect(put.status, JSON.stringify(put.json)).toBe(200);
    expect(put.json.artifact).toMatchObject({ fileName: "model.onnx", sizeBytes: bytes.length });
    const download = await artifactRoute.GET(
      new Request("http://localhost:3000/x", {
        headers: { cookie: await sessionCookie(fx.member.id), "x-larder-peer-address": "10.0.0.1" },
      }),
      { params: Promise.resolve({ project: fx.project.name, name, version: "1" }) },
    );
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);
    await putArtifact(name, new TextEncoder().encode("v2"), "model2.onnx");
    const files = await readdir(modelDir({ projectId: fx.project.id, modelId: created.json.id }));
    expect(files).toHaveLength(1);
  });

  it("over the size limit are refused with 413, leaving no file and the previous artifact in place", async () => {
    const name = uniqueName("big");
    const created = await register({ name });
    await putArtifact(name, new TextEncoder().encode("small"));
    const tooBig = await putArtifact(name, new Uint8Array(4097));
    expect(tooBig.status).toBe(413);
    const files = await readdir(modelDir({ projectId: fx.project.id, modelId: created.json.id }));
    expect(files).toHaveLength(1);
    const model = await callRoute(
      modelRoute.GET,
      { project: fx.project.name, name, version: "1" },
      { userId: fx.owner.id },
    );
    expect(model.json.artifact).toMatchObject({ sizeBytes: 5 });
  });

  it("refuse a file name with a path in it, naming the field", async () => {
    const name = uniqueName("path");
    await register({ name });
    const response = await putArtifact(name, new TextEncoder().encode("x"), "../../etc/passwd");
    expect(response.status).toBe(422);
    expect(response.json.errors[0].path).toBe("query.fileName");
  });
});
