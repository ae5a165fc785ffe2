import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as jobsRoute from "@/app/api/v1/projects/[project]/jobs/route";
import * as jobRoute from "@/app/api/v1/projects/[project]/jobs/[jobId]/route";
import * as logsRoute from "@/app/api/v1/projects/[project]/jobs/[jobId]/logs/route";
import * as cancelRoute from "@/app/api/v1/projects/[project]/jobs/[jobId]/cancel/route";
import * as retryRoute from "@/app/api/v1/projects/[project]/jobs/[jobId]/retry/route";
import * as schedulesRoute from "@/app/api/v1/projects/[project]/job-schedules/route";
import * as scheduleRoute from "@/app/api/v1/projects/[project]/job-schedules/[scheduleId]/route";
import { db } from "@/server/db/client";
import { buildOpenApiDocument } from "@/server/http/openapi";
import { accessFor, callRoute, createTestProject, createTestUser, userContext } from "@/test/helpers";
import { getBoss, SCHEDULE_QUEUE, stopBoss } from "./boss";
import { enqueueJob } from "./enqueue";
import { registerTestJobContracts } from "@/test/fixtures/test-jobs";

// The job API through its route handlers. No worker runs in this file, so enqueued jobs stay QUEUED.

registerTestJobContracts();

type TUser = Awaited<ReturnType<typeof createTestUser>>;
let owner: TUser, editor: TUser, viewer: TUser, outsider: TUser;
let project: Awaited<ReturnType<typeof createTestProject>>;
let other: Awaited<ReturnType<typeof createTestProject>>;

const enqueue = (type: string, payload: unknown, where = project) =>
  enqueueJob({ ctx: userContext(owner), access: accessFor(where, "OWNER"), type, payload });

beforeAll(async () => {
  [owner, editor, viewer, outsider] = await Promise.all([
    createTestUser(),
    createTestUser(),
    createTestUser(),
    createTestUser(),
  ]);
  project = await createTestProject({
    members: [
      { userId: owner.id, role: "OWNER" },
      { userId: editor.id, role: "EDITOR" },
      { userId: viewer.id, role: "VIEWER" },
    ],
  });
  other = await createTestProject({ members: [{ userId: owner.id, role: "OWNER" }] });
});

afterAll(async () => stopBoss());

describe("/api/v1/projects/{project}/jobs", () => {
  it("lists newest first with filters and cursor pagination", async () => {
    // A project of its own: the other tests enqueue into the shared one, in any order.
    const own = await createTestProject({
      members: [
        { userId: owner.id, role: "OWNER" },
        { userId: viewer.id, role: "VIEWER" },
      ],
    });
    const first = await enqueue("test.progress", { steps: 1, stepMs: 0 }, own);
    const second = await enqueue("test.flaky", { failTimes: 0 }, own);
    const third = await enqueue("test.progress", { steps: 2, stepMs: 0 }, own);
    await enqueue("test.progress", { steps: 1, stepMs: 0 }, other);
    const listJobs = (query?: Record<string, string>) =>
      callRoute(jobsRoute.GET, { project: own.name }, { userId: viewer.id, query });
    const all = await listJobs();
    expect(all.status).toBe(200);
    expect(all.json.jobs.map((job: { id: string }) => job.id)).toEqual([third.id, second.id, first.id]);
    const page1 = await listJobs({ limit: "2" });
    expect(page1.json.jobs).toHaveLength(2);
    const page2 = await listJobs({ limit: "2", cursor: page1.json.nextCursor });
    expect(page2.json.jobs.map((job: { id: string }) => job.id)).toEqual([first.id]);
    expect(page2.json.nextCursor).toBeNull();
    const byType = await listJobs({ type: "test.flaky" });
    expect(byType.json.jobs.map((job: { id: string }) => job.id)).toEqual([second.id]);
    const byStatus = await listJobs({ status: "RUNNING,SUCCEEDED" });
    expect(byStatus.json.jobs).toEqual([]);
    const badStatus = await listJobs({ status: "DONE" });
    expect(badStatus.status).toBe(422);
    expect(badStatus.json.errors[0].path).toBe("query.status");
  });

  it("answers 404 to outsiders and for another project's job id", async () => {
    const job = await enqueue("test.progress", { steps: 1, stepMs: 0 });
    const foreign = await enqueue("test.progress", { steps: 1, stepMs: 0 }, other);
    expect(
      (await callRoute(jobRoute.GET, { project: project.name, jobId: job.id }, { userId: owner.id })).json.id,
    ).toBe(job.id);
    expect(
      (await callRoute(jobRoute.GET, { project: project.name, jobId: job.id }, { userId: outsider.id })).status,
    ).toBe(404);
    expect((await callRoute(jobsRoute.GET, { project: project.name }, { userId: outsider.id })).status).toBe(404);
    expect(
      (await callRoute(jobRoute.GET, { project: project.name, jobId: foreign.id }, { userId: owner.id })).status,
    ).toBe(404);
    expect(
      (await callRoute(logsRoute.GET, { project: project.name, jobId: foreign.id }, { userId: owner.id })).status,
    ).toBe(404);
    const cancelForeign = await callRoute(
      cancelRoute.POST,
      { project: project.name, jobId: foreign.id },
      { userId: owner.id, method: "POST" },
    );
    expect(cancelForeign.status).toBe(404);
    expect((await db.job.findUniqueOrThrow({ where: { id: foreign.id } })).status).toBe("QUEUED");
  });

  it("lets a Viewer read but not cancel (403); an Editor cancels, retries, and the log tails incrementally", async () => {
    const job = await enqueue("test.progress", { steps: 1, stepMs: 0 });
    const jobParams = { project: project.name, jobId: job.id };
    const post = (route: typeof cancelRoute, user: { id: string }) =>
      callRoute(route.POST, jobParams, { userId: user.id, method: "POST" });
    const tail = (after?: number) =>
      callRoute(logsRoute.GET, jobParams, {
        userId: viewer.id,
        query: after === undefined ? {} : { after: String(after) },
      });
    const denied = await post(cancelRoute, viewer);
    expect(denied.status).toBe(403);
    expect(denied.json.detail).toContain("jobs:write");
    expect((await db.job.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("QUEUED");

    const cancelled = await post(cancelRoute, editor);
    expect(cancelled.status).toBe(200);
    expect(cancelled.json.status).toBe("CANCELLED");
    const tail1 = await tail();
    expect(tail1.json.logs.map((log: { message: string }) => log.message)).toEqual([
      `Cancellation requested by ${editor.email}`,
    ]);

    const retried = await post(retryRoute, editor);
    expect(retried.status).toBe(200);
    expect(retried.json).toMatchObject({ status: "QUEUED", cancelRequestedAt: null, finishedAt: null });
    expect((await post(retryRoute, editor)).status).toBe(409);
    const tail2 = await tail(tail1.json.lastId);
    expect(tail2.json.logs.map((log: { message: string }) => log.message)).toEqual([
      "Retry requested (previous status CANCELLED)",
    ]);
    expect(tail2.json.status).toBe("QUEUED");
    const tail3 = await tail(tail2.json.lastId);
    expect(tail3.json).toMatchObject({ logs: [], lastId: tail2.json.lastId });

    const actions = (
      await db.auditEvent.findMany({ where: { projectId: project.id, resourceId: job.id }, orderBy: { id: "asc" } })
    ).map((event) => event.action);
    expect(actions).toEqual(["job.enqueue", "job.cancel", "job.retry"]);
  });
});

describe("/api/v1/projects/{project}/job-schedules", () => {
  const base = () => ({ project: project.name });

  it("validates cron, type and payload with 422 naming the field, and writes nothing", async () => {
    const cases: [unknown, string][] = [
      [{ type: "test.scheduled", cron: "* * * *", payload: { note: "x" } }, "cron"],
      [{ type: "test.scheduled", cron: "61 * * * *", payload: { note: "x" } }, "cron"],
      [{ type: "test.scheduled", cron: "0 3 * * *", payload: { note: 42 } }, "payload.note"],
      [{ type: "test.progress", cron: "0 3 * * *", payload: { steps: 1, stepMs: 0 } }, "type"],
      [{ type: "no.such-type", cron: "0 3 * * *" }, "type"],
    ];
    const before = await db.jobSchedule.count({ where: { projectId: project.id } });
    for (const [body, field] of cases) {
      const response = await callRoute(schedulesRoute.POST, base(), { userId: editor.id, method: "POST", body });
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect(response.json.errors.map((issue: { path: string }) => issue.path)).toContain(field);
    }
    expect(await db.jobSchedule.count({ where: { projectId: project.id } })).toBe(before);
    const denied = await callRoute(schedulesRoute.POST, base(), {
      userId: viewer.id,
      method: "POST",
      body: { type: "test.scheduled", cron: "0 3 * * *", payload: { note: "x" } },
    });
    expect(denied.status).toBe(403);
  });

  it("creates, lists, disables, re-enables and deletes a schedule, keeping pg-boss in step", async () => {
    const boss = await getBoss();
    const created = await callRoute(schedulesRoute.POST, base(), {
      userId: editor.id,
      method: "POST",
      body: { type: "test.scheduled", cron: "0 3 * * *", payload: { note: "nightly" } },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      type: "test.scheduled",
      cron: "0 3 * * *",
      timezone: "UTC",
      enabled: true,
      createdById: editor.id,
    });
    expect(new Date(created.json.nextRunAt).getUTCHours()).toBe(3);
    const id = created.json.id as string;
    expect((await boss.getSchedule(SCHEDULE_QUEUE, id))?.cron).toBe("0 3 * * *");

    const list = await callRoute(schedulesRoute.GET, base(), { userId: viewer.id });
    expect(list.json.schedules.map((schedule: { id: string }) => schedule.id)).toEqual([id]);

    const disabled = await callRoute(
      scheduleRoute.PATCH,
      { ...base(), scheduleId: id },
      { userId: editor.id, method: "PATCH", body: { enabled: false } },
    );
    expect(disabled.json).toMatchObject({ enabled: false, nextRunAt: null });
    expect(await boss.getSchedule(SCHEDULE_QUEUE, id)).toBeNull();
    const badCron = await callRoute(
      scheduleRoute.PATCH,
      { ...base(), scheduleId: id },
      { userId: editor.id, method: "PATCH", body: { cron: "every day" } },
    );
    expect(badCron.status).toBe(422);
    expect(badCron.json.errors[0].path).toBe("cron");
    const enabled = await callRoute(
      scheduleRoute.PATCH,
      { ...base(), scheduleId: id },
      { userId: editor.id, method: "PATCH", body: { enabled: true, cron: "30 4 * * 1" } },
    );
    expect(enabled.json).toMatchObject({ enabled: true, cron: "30 4 * * 1" });
    expect((await boss.getSchedule(SCHEDULE_QUEUE, id))?.cron).toBe("30 4 * * 1");

    // Another project's URL does not reach it.
    const foreign = await callRoute(
      scheduleRoute.DELETE,
      { project: other.name, scheduleId: id },
      { userId: owner.id, method: "DELETE" },
    );
    expect(foreign.status).toBe(404);
    const deleted = await callRoute(
      scheduleRoute.DELETE,
      { ...base(), scheduleId: id },
      { userId: editor.id, method: "DELETE" },
    );
    expect(deleted.status).toBe(204);
    expect(await db.jobSchedule.findUnique({ where: { id } })).toBeNull();
    expect(await boss.getSchedule(SCHEDULE_QUEUE, id)).toBeNull();
    const actions = (
      await db.auditEvent.findMany({ where: { projectId: project.id, resourceId: id }, orderBy: { id: "asc" } })
    ).map((event) => event.action);
    expect(actions).toEqual(["jobSchedule.create", "jobSchedule.update", "jobSchedule.update", "jobSchedule.delete"]);
  });

  it("documents every job operation in the OpenAPI document", () => {
    const document = buildOpenApiDocument();
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/projects/{project}/jobs",
        "/api/v1/projects/{project}/jobs/{jobId}",
        "/api/v1/projects/{project}/jobs/{jobId}/logs",
        "/api/v1/projects/{project}/jobs/{jobId}/cancel",
        "/api/v1/projects/{project}/jobs/{jobId}/retry",
        "/api/v1/projects/{project}/job-schedules",
        "/api/v1/projects/{project}/job-schedules/{scheduleId}",
      ]),
    );
  });
});
