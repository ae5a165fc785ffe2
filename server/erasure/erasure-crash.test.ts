import { afterAll, describe, expect, it } from "vitest";
import * as cancelRoute from "@/app/api/v1/projects/[project]/jobs/[jobId]/cancel/route";
import * as closeRoute from "@/app/api/v1/projects/[project]/erasure-requests/[requestId]/close/route";
import { db } from "@/server/db/client";
import type { TWorker } from "@/server/jobs/worker";
import { callRoute, waitForJobEnd } from "@/test/helpers";
import { useOwnedProject } from "@/test/fixtures/test-project";
import { forgetWaitingJobs, killWorkerChild, startRescuer, startWorkerChild } from "@/test/fixtures/worker-crash";
import { ERASED, fileErasure, filesHolding, getErasure, redisHolding, seedCustomers } from "@/test/fixtures/erasure";

// An erasure is cancellable until it starts deleting, and not after: a worker SIGKILLed in the middle of the deletion
// (the rows deleted, the history not yet purged) leaves a job that refuses cancellation (409) and that another worker
// resumes and finishes — exactly one delete commit, every file clean, the report recorded.

// No worker of this process serves `erasure` until the rescuer starts: the child (or nobody) runs those jobs.
const fx = useOwnedProject({ workerTypes: ["ingest", "materialize", "training-dataset"] });
let rescuer: TWorker | undefined;
afterAll(async () => rescuer?.stop({ graceMs: 1000 }));

const cancel = (jobId: string) =>
  callRoute(cancelRoute.POST, { project: fx.project.name, jobId }, { userId: fx.owner.id, method: "POST" });

describe("cancelling and killing an erasure", () => {
  it("is cancelled while it has not started deleting; a cancelled request can then be closed", async () => {
    await seedCustomers(fx);
    const filed = await fileErasure(fx, { keys: [{ customer_id: ERASED.customerId }], datasetPolicy: "recreate" });
    expect(filed.status).toBe(202);
    const { id, job } = filed.json.erasureRequest;
    expect(job.cancellable).toBe(true);
    expect((await cancel(job.id)).status).toBe(200);
    expect((await waitForJobEnd(job.id)).status).toBe("CANCELLED");
    expect(await getErasure(fx, id)).toMatchObject({ status: "CANCELLED", filtering: true });
    const closed = await callRoute(
      closeRoute.POST,
      { project: fx.project.name, requestId: id },
      { userId: fx.owner.id, method: "POST" },
    );
    expect(closed.json).toMatchObject({ filtering: false });
    expect((await filesHolding(fx.project.id, [ERASED.email])).hits.length).toBeGreaterThan(0);
  }, 300_000);

  it("refuses cancellation once deleting, and resumes after a SIGKILL to finish with one delete commit", async () => {
    await forgetWaitingJobs("erasure");
    const child = await startWorkerChild({ types: "erasure", env: { LARDER_FAULT: "kill-after-erasure-delete" } });
    let jobId: string;
    let requestId: string;
    try {
      const filed = await fileErasure(fx, { keys: [{ customer_id: ERASED.customerId }], datasetPolicy: "recreate" });
      expect(filed.status).toBe(202);
      ({ id: requestId } = filed.json.erasureRequest);
      jobId = filed.json.erasureRequest.job.id;
      await new Promise((resolve) => child.once("exit", resolve));
    } finally {
      await killWorkerChild({ child });
    }
    const killed = await db.job.findUniqueOrThrow({ where: { id: jobId } });
    // Still RUNNING, or already put back in the queue by a supervising worker that saw its worker die (the reaper):
    // either way unfinished, with attempt 1 recorded and cancellation refused.
    expect(["RUNNING", "QUEUED"]).toContain(killed.status);
    expect(killed.attempts).toBe(1);
    expect(killed.cancelRefusal).toMatch(/cannot be cancelled/);
    const refused = await cancel(jobId);
    expect(refused.status).toBe(409);
    expect(refused.json.detail).toMatch(/started deleting/);
    expect((await getErasure(fx, requestId)).job).toMatchObject({ cancellable: false });

    rescuer = await startRescuer({ types: ["erasure"] });
    const done = await waitForJobEnd(jobId, 180_000);
    expect(done.status, done.error ?? "").toBe("SUCCEEDED");
    expect(done.attempts).toBe(2);
    const logs = (await db.jobLog.findMany({ where: { jobId }, orderBy: { id: "asc" } })).map((log) => log.message);
    expect(logs.some((message) => /Attempt 1 was interrupted/.test(message))).toBe(true);
    const request = await getErasure(fx, requestId);
    expect(request).toMatchObject({ status: "COMPLETED", summary: { rowsErased: 2 } });
    const group = await db.featureGroup.findFirstOrThrow({ where: { projectId: fx.project.id, name: "customers" } });
    const deletes = await db.featureGroupCommit.findMany({ where: { featureGroupId: group.id, operation: "DELETE" } });
    expect(deletes.map((commit) => Number(commit.rowsDeleted))).toEqual([2]);
    const needles = [ERASED.customerId, ERASED.email, ERASED.oldEmail];
    expect((await filesHolding(fx.project.id, needles)).hits).toEqual([]);
    expect((await redisHolding(fx.project.id, needles)).hits).toEqual([]);
  }, 400_000);
});
