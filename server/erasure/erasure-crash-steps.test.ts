import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { drainServedVectors } from "@/server/serving/run-served-vectors";
import { waitForJobEnd } from "@/test/helpers";
import { useOwnedProject } from "@/test/fixtures/test-project";
import { forgetWaitingJobs, killWorkerChild, startRescuer, startWorkerChild } from "@/test/fixtures/worker-crash";
import { ERASED, KEPT, fileErasure, filesHolding, getErasure, seedCustomers } from "@/test/fixtures/erasure";

// kill -9 of the worker at each step of the erasure job (docs/erasure.md "What the job does"): after the plan, after a
// dataset was re-created but before that was recorded, after the served vectors and after the retained uploads were
// cleaned but before either was recorded. Another worker resumes the job each time and finishes it: one delete
// commit, the dataset re-created once, no erased value in any file of the project nor in any staged vector.
// (The kill between the delete commit and the purge is erasure-crash.test.ts.)

// No worker of this process serves `erasure`: the child (then a rescuer) runs those jobs.
const fx = useOwnedProject({ workerTypes: ["ingest", "training-dataset"] });
const NEEDLES = [ERASED.customerId, ERASED.email, ERASED.oldEmail];

/** A group holding the person with a dataset, an upload not loaded yet, and vectors drained and staged. */
const seedCase = async (group: string) => {
  const api = await seedCustomers(fx, group);
  const pending = await api.upload(
    "later.jsonl",
    [ERASED, KEPT]
      .map((who) =>
        JSON.stringify({ customer_id: who.customerId, email: who.email, score: 1, updated_at: "2026-03-07T10:00:00Z" }),
      )
      .join("\n"),
  );
  expect(pending.status).toBe(201);
  const view = await db.featureView.findFirstOrThrow({ where: { projectId: fx.project.id, name: `${group}_view` } });
  const vector = (who: { customerId: string; email: string }) => ({
    featureViewId: view.id,
    servedAt: new Date(),
    status: "COMPLETE",
    values: { customer_id: who.customerId, email: who.email, score: 1, updated_at: "2026-03-02T10:00:00.000000Z" },
  });
  await db.servedVectorLog.createMany({ data: [vector(ERASED), vector(KEPT)] });
  await drainServedVectors({ projectId: fx.project.id, featureViewId: view.id });
  await db.servedVectorLog.create({ data: vector(ERASED) });
  return { view, uploadId: pending.json.id as string };
};

describe("an erasure killed at each of its steps", () => {
  it.each([
    ["after the plan", "kill-after-erasure-plan"],
    ["after re-creating the dataset, before recording it", "kill-before-erasure-dataset-recorded"],
    ["after cleaning served vectors, before recording it", "kill-before-erasure-servedVectors-recorded"],
    ["after rewriting the retained uploads, before recording it", "kill-before-erasure-uploads-recorded"],
  ])(
    "resumes when killed %s and finishes with every file clean",
    async (_when, fault) => {
      const group = `crash_${fault.replace(/[^a-z]/g, "").slice(-12)}`;
      const { view, uploadId } = await seedCase(group);
      await forgetWaitingJobs("erasure");
      const child = await startWorkerChild({ types: "erasure", env: { LARDER_FAULT: fault } });
      let jobId: string;
      let requestId: string;
      try {
        const filed = await fileErasure(fx, {
          keys: [{ customer_id: ERASED.customerId }],
          featureGroups: [{ name: group, version: 1 }],
          datasetPolicy: "recreate",
        });
        expect(filed.status, JSON.stringify(filed.json)).toBe(202);
        ({ id: requestId } = filed.json.erasureRequest);
        jobId = filed.json.erasureRequest.job.id;
        await new Promise((resolve) => child.once("exit", resolve));
      } finally {
        await killWorkerChild({ child });
      }
      // Still RUNNING, or already requeued by a supervising worker that saw its worker die: unfinished, attempt 1.
      const killed = await db.job.findUniqueOrThrow({ where: { id: jobId } });
      expect(["RUNNING", "QUEUED"]).toContain(killed.status);
      expect(killed.attempts).toBe(1);
      const rescuer = await startRescuer({ types: ["erasure"] });
      try {
        const done = await waitForJobEnd(jobId, 240_000);
        expect(done.status, done.error ?? "").toBe("SUCCEEDED");
        expect(done.attempts).toBe(2);
      } finally {
        await rescuer.stop({ graceMs: 1000 });
      }
      expect(await getErasure(fx, requestId)).toMatchObject({ status: "COMPLETED", summary: { rowsErased: 2 } });
      const row = await db.featureGroup.findFirstOrThrow({ where: { projectId: fx.project.id, name: group } });
      const deletes = await db.featureGroupCommit.findMany({ where: { featureGroupId: row.id, operation: "DELETE" } });
      expect(deletes.map((commit) => Number(commit.rowsDeleted))).toEqual([2]);
      const datasets = await db.trainingDataset.findMany({
        where: { projectId: fx.project.id, name: `${group}_view` },
        orderBy: { version: "asc" },
      });
      expect(datasets.map((dataset) => [dataset.version, dataset.status, dataset.erasureState])).toEqual([
        [1, "ERASED", "recreated"],
        [2, "READY", "rebuilt"],
      ]);
      expect((await filesHolding(fx.project.id, NEEDLES)).hits).toEqual([]);
      const staged = (await db.servedVectorLog.findMany({ where: { featureViewId: view.id } })).map((r) => r.values);
      expect(JSON.stringify(staged)).not.toContain(ERASED.customerId);
      const upload = await db.upload.findUniqueOrThrow({ where: { id: uploadId } });
      expect((await filesHolding(fx.project.id, [KEPT.email])).hits.some((hit) => hit.file.includes(upload.id))).toBe(
        true,
      );
    },
    500_000,
  );
});
