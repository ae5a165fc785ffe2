import { describe, expect, it } from "vitest";
import * as viewRoute from "@/app/api/v1/projects/[project]/feature-views/[name]/[version]/route";
import { db } from "@/server/db/client";
import { callRoute, waitForJobEnd } from "@/test/helpers";
import { featureList, useOwnedProject } from "@/test/fixtures/test-project";
import { featureGroupApi } from "@/test/fixtures/feature-group-api";
import {
  ERASED,
  KEPT,
  downloadReport,
  eraseAndWait,
  fileErasure,
  filesHolding,
  getErasure,
  seedCustomers,
} from "@/test/fixtures/erasure";

// Erasure under attack and at its edges (docs/erasure.md): a dataset whose feature view was deleted by force cannot
// be re-created, so it is marked with the reason instead of failing the job; hostile key values are a 422 naming the
// field with nothing filed; two identical requests filed at once both complete, and the rows are erased once.

const fx = useOwnedProject({ workerTypes: ["ingest", "training-dataset", "statistics", "erasure"] });
const NEEDLES = [ERASED.customerId, ERASED.email, ERASED.oldEmail];

describe("erasure at its edges", () => {
  it("marks a dataset whose feature view was force-deleted, with the reason, and the report says so", async () => {
    await seedCustomers(fx, "forced");
    const deleted = await callRoute(
      viewRoute.DELETE,
      { project: fx.project.name, name: "forced_view", version: "1" },
      { userId: fx.owner.id, method: "DELETE", query: { force: "true" } },
    );
    expect(deleted.status, JSON.stringify(deleted.json)).toBeLessThan(300);
    const erasure = await eraseAndWait(fx, {
      keys: [{ customer_id: ERASED.customerId }],
      featureGroups: [{ name: "forced", version: 1 }],
      datasetPolicy: "recreate",
    });
    const dataset = await db.trainingDataset.findFirstOrThrow({
      where: { projectId: fx.project.id, name: "forced_view", version: 1 },
    });
    expect(dataset).toMatchObject({ erasureState: "marked", erasureRequestId: erasure.id, status: "READY" });
    expect(await db.trainingDataset.count({ where: { projectId: fx.project.id, name: "forced_view" } })).toBe(1);
    const report = JSON.parse((await downloadReport(fx, erasure.id)).bytes.toString("utf8"));
    expect(report.trainingDatasets).toHaveLength(1);
    expect(report.trainingDatasets[0]).toMatchObject({ name: "forced_view", version: 1, action: "marked" });
    expect(report.trainingDatasets[0].reason).toMatch(/feature view forced_view v1 was deleted.*marked instead/);
    expect(report.summary).toMatchObject({ rowsErased: 2, trainingDatasets: 1 });
  }, 400_000);

  it.each([
    ["a NUL byte", "keys.0.customer_id", { keys: [{ customer_id: "cust-\u0000-x" }] }],
    ["a huge string", "keys.0.customer_id", { keys: [{ customer_id: "x".repeat(200_000) }] }],
    ["an object", "keys.0.customer_id", { keys: [{ customer_id: { $ne: null } }] }],
    ["null", "keys.0.customer_id", { keys: [{ customer_id: null }] }],
    ["an array", "keys.0.customer_id", { keys: [{ customer_id: ["a", "b"] }] }],
    ["a key that is a string", "keys.0", { keys: ["cust-1"] }],
    ["an integer past 2^53", "keys.0.account_id", { keys: [{ account_id: 1e21 }] }],
    ["a non-finite number", "keys.0.account_id", { keys: [{ account_id: "NaN" }] }],
    ["a NUL byte in the note", "note", { keys: [{ customer_id: "c" }], note: "DSR\u0000" }],
    ["keys that are not a list", "keys", { keys: { customer_id: "c" } }],
  ])("refuses %s with 422 naming %s, and files nothing", async (_what, field, body) => {
    if (!(await db.featureGroup.findFirst({ where: { projectId: fx.project.id, name: "accounts" } })))
      await featureGroupApi(fx).createGroup("accounts", {
        primaryKey: ["account_id"],
        features: featureList({ account_id: "bigint", email: "string" }),
      });
    if (!(await db.featureGroup.findFirst({ where: { projectId: fx.project.id, name: "forced" } })))
      await seedCustomers(fx, "forced");
    const requests = await db.erasureRequest.count({ where: { projectId: fx.project.id } });
    const response = await fileErasure(fx, { datasetPolicy: "mark", ...body });
    expect(response.status, JSON.stringify(response.json).slice(0, 500)).toBe(422);
    expect(response.headers.get("content-type")).toContain("problem+json");
    const paths = (response.json.errors as { path: string }[]).map((error) => error.path);
    expect(paths, JSON.stringify(response.json.errors).slice(0, 500)).toContain(field);
    expect(await db.erasureRequest.count({ where: { projectId: fx.project.id } })).toBe(requests);
  });

  it("completes two identical requests filed at once, erasing the rows once", async () => {
    await seedCustomers(fx, "twins");
    const body = {
      keys: [{ customer_id: ERASED.customerId }],
      featureGroups: [{ name: "twins", version: 1 }],
      datasetPolicy: "recreate",
    };
    const filed = await Promise.all([fileErasure(fx, body), fileErasure(fx, body)]);
    for (const answer of filed) expect(answer.status, JSON.stringify(answer.json)).toBe(202);
    for (const answer of filed) {
      const job = await waitForJobEnd(answer.json.erasureRequest.job.id, 300_000);
      expect(job.status, job.error ?? "").toBe("SUCCEEDED");
    }
    const requests = await Promise.all(filed.map((answer) => getErasure(fx, answer.json.erasureRequest.id)));
    expect(requests.map((request) => request.status)).toEqual(["COMPLETED", "COMPLETED"]);
    const group = await db.featureGroup.findFirstOrThrow({ where: { projectId: fx.project.id, name: "twins" } });
    const deletes = await db.featureGroupCommit.findMany({ where: { featureGroupId: group.id, operation: "DELETE" } });
    expect(deletes.reduce((sum, commit) => sum + Number(commit.rowsDeleted), 0)).toBe(2);
    // The dataset is re-created once; nothing is marked as holding erased rows that does not.
    const datasets = await db.trainingDataset.findMany({
      where: { projectId: fx.project.id, name: "twins_view" },
      orderBy: { version: "asc" },
    });
    expect(datasets.map((dataset) => [dataset.version, dataset.status, dataset.erasureState])).toEqual([
      [1, "ERASED", "recreated"],
      [2, "READY", "rebuilt"],
    ]);
    const twinsFiles = (await filesHolding(fx.project.id, NEEDLES)).hits.filter(
      (hit) => hit.file.includes(group.id) || hit.file.includes("twins"),
    );
    expect(twinsFiles).toEqual([]);
    expect((await filesHolding(fx.project.id, [KEPT.email])).hits.length).toBeGreaterThan(0);
  }, 600_000);
});
