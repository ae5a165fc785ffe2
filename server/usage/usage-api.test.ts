import { describe, expect, it } from "vitest";
import * as usageRoute from "@/app/api/v1/projects/[project]/usage/route";
import * as adminUsageRoute from "@/app/api/v1/admin/usage/route";
import * as adminRunRoute from "@/app/api/v1/admin/usage/runs/route";
import { db } from "@/server/db/client";
import { callRoute, createTestUser, waitForJobEnd } from "@/test/helpers";
import { createOwnedProject, useOwnedProject, useTestWorker } from "@/test/fixtures/test-project";

// The usage API (docs/usage.md): Owners read their project's figures as JSON or CSV, nobody else in the project does,
// another project's Owner does not even see it, bad ranges are refused naming the field; administrators read every
// project's and queue a run, which a worker carries out with the `usage` runner.

const fx = useOwnedProject({ roles: ["EDITOR", "VIEWER", "AUDITOR"] });
useTestWorker(["usage"]);
const today = new Date().toISOString().slice(0, 10);
const range = { from: today, to: today };

const seedRow = (metric: string, value: number, subjectName = "") =>
  db.usageDaily.create({
    data: {
      day: new Date(today),
      projectId: fx.project.id,
      subjectKind: subjectName ? "featureGroup" : "project",
      subjectId: subjectName ? "fg_usagetest" : fx.project.id,
      subjectName: subjectName || fx.project.name,
      metric,
      value,
    },
  });

describe("the usage API", () => {
  it("answers the Owner's figures as JSON and as CSV", async () => {
    await seedRow("serving.requests", 12);
    await seedRow("storage.liveBytes", 4096, '=cards, "v1"');
    const json = await fx.as(fx.owner).get(usageRoute, { query: range });
    expect(json.status, JSON.stringify(json.json)).toBe(200);
    expect(json.json.rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ day: today, subjectKind: "project", metric: "serving.requests", value: 12 }),
        expect.objectContaining({ subjectKind: "featureGroup", subjectName: '=cards, "v1"', value: 4096 }),
      ]),
    );
    const csv = await fx.as(fx.owner).get(usageRoute, { query: { ...range, format: "csv" } });
    expect(csv.status).toBe(200);
    expect(csv.contentType).toMatch(/^text\/csv/);
    expect(csv.headers.get("content-disposition")).toContain(`usage-${fx.project.name}-${today}-${today}.csv`);
    const lines = csv.text.trim().split("\r\n");
    expect(lines[0]).toBe("day,project,subject_kind,subject_id,subject_name,metric,value");
    expect(lines).toContain(
      `${today},${fx.project.name},project,${fx.project.id},${fx.project.name},serving.requests,12`,
    );
    // A name that looks like a formula is shown as text, and commas and quotes are quoted.
    expect(lines).toContain(
      `${today},${fx.project.name},featureGroup,fg_usagetest,"'=cards, ""v1""",storage.liveBytes,4096`,
    );
  });

  it.each([
    ["an inverted range", { from: "2026-02-02", to: "2026-02-01" }, "query.to"],
    ["a range over 366 days", { from: "2024-01-01", to: "2026-01-01" }, "query.from"],
    ["an unknown format", { format: "xml" }, "query.format"],
    ["a day that is not a date", { from: "2026-02-30" }, "query.from"],
  ])("refuses %s with 422 naming the field", async (_, query, field) => {
    const response = await fx.as(fx.owner).get(usageRoute, { query });
    expect(response.status).toBe(422);
    expect(response.json.errors.map(({ path }: { path: string }) => path)).toEqual([field]);
  });

  it("is for Owners only, and another project's Owner gets 404", async () => {
    for (const member of fx.members) expect((await fx.as(member).get(usageRoute, { query: range })).status).toBe(403);
    const stranger = await createOwnedProject();
    const response = await callRoute(
      usageRoute.GET,
      { project: fx.project.name },
      { userId: stranger.owner.id, query: range },
    );
    expect(response.status).toBe(404);
    expect(response.text).not.toContain("serving.requests");
  });

  it("lets administrators read every project's usage and run the aggregation, which a worker carries out", async () => {
    const admin = await createTestUser({ isAdmin: true });
    expect((await callRoute(adminUsageRoute.GET, {}, { userId: fx.owner.id, query: range })).status).toBe(403);
    const all = await callRoute(adminUsageRoute.GET, {}, { userId: admin.id, query: range });
    expect(all.status).toBe(200);
    const mine = all.json.projects.find((entry: { project: string }) => entry.project === fx.project.name);
    expect(mine.totals["serving.requests"]).toBe(12);
    const csv = await callRoute(adminUsageRoute.GET, {}, { userId: admin.id, query: { ...range, format: "csv" } });
    expect(csv.text.split("\r\n")).toContain(`${today},${fx.project.name},serving.requests,12`);

    const run = await callRoute(
      adminRunRoute.POST,
      {},
      {
        userId: admin.id,
        method: "POST",
        body: { project: fx.project.name },
      },
    );
    expect(run.status, JSON.stringify(run.json)).toBe(202);
    expect(run.json.jobs).toEqual([{ project: fx.project.name, jobId: expect.any(String) }]);
    const job = await waitForJobEnd(run.json.jobs[0].jobId);
    expect(job.status).toBe("SUCCEEDED");
    // The run recomputed today: the hand-written figure is replaced by what was recorded (no serving at all).
    const after = await fx.as(fx.owner).get(usageRoute, { query: range });
    const requests = after.json.rows.find(
      (row: { subjectKind: string; metric: string }) =>
        row.subjectKind === "project" && row.metric === "serving.requests",
    );
    expect(requests.value).toBe(0);
    expect(after.json.rows.some((row: { subjectId: string }) => row.subjectId === "fg_usagetest")).toBe(false);
  });
});
