import { createHash } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { stopBoss } from "@/server/jobs/boss";
import { readRows } from "@/server/offline";
import { createOwnedProject } from "@/test/fixtures/test-project";
import { seedDemoErasure } from "./erasure";

// The demo starts with one completed erasure (docs/erasure.md): customer C-1007 is out of customer_contacts, its
// history before the erasure is purged, and the report verifies.

afterAll(() => stopBoss());

describe("the demo's erasure", () => {
  it("is completed, with a report whose SHA-256 verifies, and the customer's rows gone", async () => {
    const { project, owner } = await createOwnedProject();
    await seedDemoErasure({ projectId: project.id, ownerId: owner.id });
    const request = await db.erasureRequest.findFirstOrThrow({ where: { projectId: project.id } });
    expect(request).toMatchObject({ status: "COMPLETED", keyValues: null, working: null });
    expect(createHash("sha256").update(request.report!).digest("hex")).toBe(request.reportSha256);
    expect(JSON.parse(request.report!).summary.rowsErased).toBe(2);
    const job = await db.job.findUniqueOrThrow({ where: { id: request.jobId! } });
    expect(job).toMatchObject({ status: "SUCCEEDED", progress: 1 });
    const group = await db.featureGroup.findFirstOrThrow({
      where: { projectId: project.id, name: "customer_contacts" },
    });
    const { rows } = await readRows({ tablePath: group.tablePath, limit: 100 });
    expect(rows.map((row) => row.customer_id).sort()).toEqual(["C-1001", "C-1004", "C-1012"]);
    // A second start files nothing again.
    await seedDemoErasure({ projectId: project.id, ownerId: owner.id });
    expect(await db.erasureRequest.count({ where: { projectId: project.id } })).toBe(1);
  }, 300_000);
});
