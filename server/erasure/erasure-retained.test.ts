import { readFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import * as datasetsRoute from "@/app/api/v1/projects/[project]/feature-views/[name]/[version]/training-datasets/route";
import * as datasetRoute from "@/app/api/v1/projects/[project]/training-datasets/[name]/[version]/route";
import * as viewsRoute from "@/app/api/v1/projects/[project]/feature-views/route";
import * as servedRoute from "@/app/api/v1/projects/[project]/feature-views/[name]/[version]/served-vectors/route";
import { db } from "@/server/db/client";
import { getEnv } from "@/server/env";
import { getOnlineStore } from "@/server/online-store";
import { drainServedVectors, replayServingTraffic } from "@/server/serving/demo-traffic";
import { callRoute, waitForJobEnd } from "@/test/helpers";
import { useOwnedProject } from "@/test/fixtures/test-project";
import { ERASED, KEPT, downloadReport, eraseAndWait, filesHolding, seedCustomers } from "@/test/fixtures/erasure";
import type { TErasureRequest } from "@/lib/api/erasure";

// Issue 20's remaining places (docs/erasure.md "Retained uploads", "Served vectors"): files kept on disk outside the
// Delta tables — a failed ingest's input, an upload not loaded yet, a dataset's uploaded spine — and the served-vector
// log of a view whose vectors do not carry the key (only the request's keys say whose vector it is). After the
// erasure, no file under the project's data directory and no staged vector holds an erased value; the others' rows
// stay in every one of those files.

const fx = useOwnedProject({ workerTypes: ["ingest", "training-dataset", "statistics", "erasure"] });
const NEEDLES = [ERASED.customerId, ERASED.email, ERASED.oldEmail];
const as = () => ({ userId: fx.owner.id, method: "POST" });
const csv = (lines: string[]) => `${lines.join("\n")}\n`;

let erasure: TErasureRequest;
let before: Awaited<ReturnType<typeof filesHolding>>;
let uploads: { failed: string; pending: string; spine: string };
let stagedBefore: string;

beforeAll(async () => {
  const api = await seedCustomers(fx);
  // A load that fails (a score that is no number): its input stays on disk for the retry.
  const failedUpload = await api.upload(
    "retry.csv",
    csv([
      "customer_id,email,score,updated_at",
      `${ERASED.customerId},${ERASED.email},1.5,2026-03-04T10:00:00Z`,
      `${KEPT.customerId},${KEPT.email},not-a-number,2026-03-04T10:00:00Z`,
    ]),
  );
  expect(failedUpload.status).toBe(201);
  const failed = await api.insertAndWait("customers", { uploadId: failedUpload.json.id });
  expect(failed.status).toBe("FAILED");
  // An upload not loaded yet (JSON lines).
  const pending = await api.upload(
    "later.jsonl",
    [
      { customer_id: ERASED.customerId, email: ERASED.oldEmail, score: 2, updated_at: "2026-03-05T10:00:00Z" },
      { customer_id: KEPT.customerId, email: KEPT.email, score: 3, updated_at: "2026-03-05T10:00:00Z" },
    ]
      .map((row) => JSON.stringify(row))
      .join("\n"),
  );
  expect(pending.status).toBe(201);
  // A training dataset built from an uploaded spine naming both customers.
  const spine = await api.upload(
    "spine.csv",
    csv(["customer_id,as_of", `${ERASED.customerId},2026-03-06T00:00:00Z`, `${KEPT.customerId},2026-03-06T00:00:00Z`]),
  );
  expect(spine.status).toBe(201);
  const dataset = await callRoute(
    datasetsRoute.POST,
    { project: fx.project.name, name: "customers_view", version: "1" },
    { ...as(), body: { spine: { type: "upload", uploadId: spine.json.id, eventTime: "as_of" } } },
  );
  expect(dataset.status, JSON.stringify(dataset.json)).toBe(202);
  expect((await waitForJobEnd(dataset.json.job.id, 120_000)).status).toBe("SUCCEEDED");
  uploads = { failed: failedUpload.json.id, pending: pending.json.id, spine: spine.json.id };

  // A view whose vectors hold email and score but not customer_id, every vector logged: served through the feature
  // server's own code, drained into its table, then once more (staged).
  const view = await callRoute(
    viewsRoute.POST,
    { project: fx.project.name },
    {
      ...as(),
      body: { name: "contact_only", root: { featureGroup: { name: "customers", version: 1 }, features: ["email"] } },
    },
  );
  expect(view.status, JSON.stringify(view.json)).toBe(201);
  const viewRow = await db.featureView.update({ where: { id: view.json.id }, data: { servedVectorLogRate: 1 } });
  const serve = () =>
    replayServingTraffic({
      access: { project: fx.project },
      name: "contact_only",
      version: 1,
      store: getOnlineStore(),
      maxBatch: getEnv().LARDER_SERVING_MAX_BATCH,
      keys: [{ customer_id: ERASED.customerId }, { customer_id: KEPT.customerId }],
      missingKeys: [{ customer_id: "cust-missing-0000" }],
      badKey: { customer_id: 42 },
      minutes: 1,
    });
  await serve();
  await drainServedVectors({ projectId: fx.project.id, featureViewId: viewRow.id });
  await serve();
  stagedBefore = JSON.stringify(
    (await db.servedVectorLog.findMany({ where: { featureViewId: viewRow.id } })).map((row) => row.values),
  );

  before = await filesHolding(fx.project.id, NEEDLES);
  erasure = await eraseAndWait(fx, { keys: [{ customer_id: ERASED.customerId }], datasetPolicy: "recreate" });
}, 600_000);

const uploadText = async (uploadId: string) => {
  const upload = await db.upload.findUniqueOrThrow({ where: { id: uploadId } });
  return { upload, text: await readFile(upload.path, "utf8") };
};

describe("an erasure reaches the files kept beside the tables and the logged vectors", () => {
  it("the scan saw the values before: in each retained upload and in the served-vector table of the key-less view", async () => {
    for (const id of Object.values(uploads))
      expect(
        before.hits.some((hit) => hit.file.includes(`uploads/${id}/`)),
        `${id}: ${JSON.stringify(before.hits)}`,
      ).toBe(true);
    const view = await db.featureView.findFirstOrThrow({ where: { projectId: fx.project.id, name: "contact_only" } });
    expect(before.hits.some((hit) => hit.file.includes(`served-vectors/${view.id}/`))).toBe(true);
    expect(stagedBefore).toContain(ERASED.email);
    expect(stagedBefore).toContain(ERASED.customerId);
  });

  it("finds no erased value in any file under the project's data directory afterwards", async () => {
    const after = await filesHolding(fx.project.id, NEEDLES);
    expect(after.hits).toEqual([]);
  });

  it("rewrites each retained upload without the person's rows: the others' rows stay, in the same format", async () => {
    const failed = await uploadText(uploads.failed);
    expect(failed.text).toContain(KEPT.email);
    expect(failed.text).toContain("not-a-number");
    expect(failed.text.split("\n").filter(Boolean)).toHaveLength(2);
    expect(Number(failed.upload.sizeBytes)).toBe(Buffer.byteLength(failed.text));
    const pending = await uploadText(uploads.pending);
    expect(
      pending.text
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line).customer_id),
    ).toEqual([KEPT.customerId]);
    const spine = await uploadText(uploads.spine);
    expect(spine.text).toContain(KEPT.customerId);
    const report = JSON.parse((await downloadReport(fx, erasure.id)).bytes.toString("utf8"));
    expect(report.otherStores.uploads).toMatchObject({ uploadsRewritten: 3, uploadRowsRemoved: 3 });
  });

  it("re-creates the spine dataset without the person, from the rewritten spine", async () => {
    const datasets = await db.trainingDataset.findMany({
      where: { projectId: fx.project.id, name: "customers_view" },
      orderBy: { version: "asc" },
    });
    const rebuilt = datasets.filter((dataset) => dataset.erasureState === "rebuilt");
    expect(rebuilt).toHaveLength(2);
    const fromSpine = rebuilt.find((dataset) => (dataset.spine as { type: string }).type === "upload")!;
    const shown = await callRoute(
      datasetRoute.GET,
      { project: fx.project.name, name: "customers_view", version: String(fromSpine.version) },
      { userId: fx.owner.id },
    );
    expect(shown.json).toMatchObject({ status: "READY", rowCount: 1 });
  });

  it("removes the key-less view's vectors of the person by the request keys logged with them; the others' stay", async () => {
    const view = await db.featureView.findFirstOrThrow({ where: { projectId: fx.project.id, name: "contact_only" } });
    const staged = JSON.stringify(
      (await db.servedVectorLog.findMany({ where: { featureViewId: view.id } })).map((row) => row.values),
    );
    expect(staged).toContain(KEPT.email);
    expect(staged).not.toContain(ERASED.email);
    expect(staged).not.toContain(ERASED.customerId);
    const served = await callRoute(
      servedRoute.GET,
      { project: fx.project.name, name: "contact_only", version: "1" },
      { userId: fx.owner.id, query: { limit: "100" } },
    );
    expect(served.status).toBe(200);
    const text = JSON.stringify(served.json.rows);
    expect(text).toContain(KEPT.email);
    expect(text).not.toContain(ERASED.email);
    const report = JSON.parse((await downloadReport(fx, erasure.id)).bytes.toString("utf8"));
    expect(report.featureViews.find((v: { name: string }) => v.name === "contact_only")).toMatchObject({
      servedVectorsCarryTheKey: false,
      servedVectorsMatchedBy: "the request keys logged with them",
    });
    expect(report.otherStores.servedVectors.viewsNotCarryingTheKey).toBeUndefined();
    expect(report.otherStores.servedVectors.tableRowsDeleted).toBeGreaterThan(0);
  });
});
