import { afterAll, describe, expect, it } from "vitest";
import * as schedulesRoute from "@/app/api/v1/projects/[project]/job-schedules/route";
import * as scheduleRoute from "@/app/api/v1/projects/[project]/job-schedules/[scheduleId]/route";
import { db } from "@/server/db/client";
import { createFeatureGroup } from "@/server/registry/feature-groups";
import { CARDS_GROUP } from "@/test/fixtures/api-project";
import { accessFor, callRoute, createTestProject, createTestUser, userContext, waitForJobEnd } from "@/test/helpers";
import { stopBoss } from "./boss";
import { materializeJobContract } from "./contracts";
import { insertJob } from "./enqueue";
import { startWorker } from "./worker";
import { WORKER_RUNNERS } from "./worker-runners";

// Ids in job and schedule payloads are resolved within the project: when a schedule is created or changed (422
// naming the field, nothing written), and again when the job runs (it fails at once, with the field named, and
// touches nothing of the project the id belongs to).

afterAll(async () => stopBoss());

const seed = async () => {
  const owner = await createTestUser();
  const [ours, theirs] = [
    await createTestProject({ members: [{ userId: owner.id, role: "OWNER" }] }),
    await createTestProject({ members: [{ userId: owner.id, role: "OWNER" }] }),
  ];
  const groupIn = async (project: typeof ours) => {
    const input = { ...CARDS_GROUP, onlineEnabled: false } as never;
    const ctx = userContext(owner);
    return (await createFeatureGroup({ ctx, access: accessFor(project, "OWNER"), input })).id as string;
  };
  return { owner, ours, theirs, ourGroupId: await groupIn(ours), theirGroupId: await groupIn(theirs) };
};
const schedule = (featureGroupId: string) => ({
  type: "compact",
  cron: "0 3 * * *",
  payload: { featureGroupId },
  enabled: false,
});

describe("ids in job payloads", () => {
  it("a schedule naming another project's feature group, or none, is refused with 422 and not written", async () => {
    const { owner, ours, ourGroupId, theirGroupId } = await seed();
    const as = { userId: owner.id, method: "POST" };
    for (const featureGroupId of [theirGroupId, "fg_doesnotexist"]) {
      const response = await callRoute(
        schedulesRoute.POST,
        { project: ours.name },
        { ...as, body: schedule(featureGroupId) },
      );
      expect(response.status, JSON.stringify(response.json)).toBe(422);
      expect(response.json.errors).toEqual([
        { path: "payload.featureGroupId", message: "is not a feature group of this project" },
      ]);
    }
    expect(await db.jobSchedule.count({ where: { projectId: ours.id } })).toBe(0);

    const created = await callRoute(schedulesRoute.POST, { project: ours.name }, { ...as, body: schedule(ourGroupId) });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const changed = await callRoute(
      scheduleRoute.PATCH,
      { project: ours.name, scheduleId: created.json.id },
      { ...as, method: "PATCH", body: { payload: { featureGroupId: theirGroupId } } },
    );
    expect(changed.status, JSON.stringify(changed.json)).toBe(422);
    const row = await db.jobSchedule.findUniqueOrThrow({ where: { id: created.json.id } });
    expect(row.payload).toEqual({ featureGroupId: ourGroupId });
  });

  it("a job whose payload names another project's feature group fails at once when it runs", async () => {
    const { ours, theirs, theirGroupId } = await seed();
    const theirsBefore = await db.featureGroup.findUniqueOrThrow({ where: { id: theirGroupId } });
    // As a schedule written before this check, or a group deleted since, would queue it.
    const job = await insertJob({
      ctx: null,
      project: ours,
      contract: materializeJobContract,
      payload: { featureGroupId: theirGroupId },
      createdById: null,
    });
    const worker = await startWorker({ runners: WORKER_RUNNERS, types: ["materialize"], schedules: false });
    try {
      const ended = await waitForJobEnd(job.id);
      expect(ended.status).toBe("FAILED");
      expect(ended.attempts).toBe(1);
      expect(ended.error).toBe("payload.featureGroupId is not a feature group of this project");
    } finally {
      await worker.stop({ graceMs: 1000 });
    }
    expect(await db.featureGroup.findUniqueOrThrow({ where: { id: theirGroupId } })).toEqual(theirsBefore);
    expect(await db.job.count({ where: { projectId: theirs.id } })).toBe(0);
  });
});
