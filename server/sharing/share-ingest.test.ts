import { beforeAll, describe, expect, it } from "vitest";
import * as sharesRoute from "@/app/api/v1/projects/[project]/shares/route";
import * as acceptRoute from "@/app/api/v1/projects/[project]/shares/[shareId]/accept/route";
import * as groupRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/route";
import * as insertRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/insert/route";
import * as deleteRowsRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/delete-rows/route";
import * as previewRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/preview/route";
import * as jobsRoute from "@/app/api/v1/projects/[project]/jobs/route";
import { db } from "@/server/db/client";
import { createFeatureGroup } from "@/server/registry/feature-groups";
import { waitForJobEnd } from "@/test/helpers";
import { CARDS_GROUP, cardRow } from "@/test/fixtures/api-project";
import { createOwnedProject, useTestWorker } from "@/test/fixtures/test-project";

// READ_WRITE (docs/sharing.md): the receiving project ingests rows into a shared group; the ingest runs as a job of
// the home project (where the data lives), is listed in both projects' jobs and audited in both. It never deletes
// rows, changes the schema or deletes the group.

useTestWorker(["ingest"]);

type TFixture = Awaited<ReturnType<typeof createOwnedProject>>;
let home: TFixture;
let receiver: TFixture;

beforeAll(async () => {
  home = await createOwnedProject();
  receiver = await createOwnedProject("EDITOR", "VIEWER");
  await createFeatureGroup({
    ctx: home.ctx,
    access: home.access,
    input: { ...CARDS_GROUP, name: "events", onlineEnabled: false } as never,
  });
});

const events = { name: "events", version: "1" };
const insertAs = (user: { id: string }) =>
  receiver.as(user).post(insertRoute, { params: events, body: { rows: [cardRow(1), cardRow(2)] } });

describe("read-write sharing", () => {
  it("lets the receiver ingest into a shared group as a job of the home project, listed and audited in both", async () => {
    const group = await db.featureGroup.findFirstOrThrow({ where: { projectId: home.project.id, name: "events" } });
    const created = await home.as(home.owner).post(sharesRoute, {
      body: {
        withProject: receiver.project.name,
        level: "READ_WRITE",
        items: [{ kind: "featureGroup", id: group.id }],
      },
    });
    expect(created.status).toBe(201);
    expect((await insertAs(receiver.member)).status).toBe(404);
    expect((await receiver.as(receiver.owner).post(acceptRoute, { params: { shareId: created.json.id } })).status).toBe(
      200,
    );

    // The receiver's Viewer may not write values there, its Editor may.
    expect((await insertAs(receiver.members[1])).status).toBe(403);
    const inserted = await insertAs(receiver.member);
    expect(inserted.status, JSON.stringify(inserted.json)).toBe(202);
    const jobId = inserted.json.job.id as string;
    expect((await waitForJobEnd(jobId)).status).toBe("SUCCEEDED");
    const job = await db.job.findUniqueOrThrow({ where: { id: jobId } });
    expect(job).toMatchObject({ projectId: home.project.id, requestedByProjectId: receiver.project.id });
    const preview = await home.as(home.owner).get(previewRoute, { params: events });
    expect(preview.json.rows.map((row: { card_id: number }) => Number(row.card_id)).sort()).toEqual([1, 2]);

    for (const fx of [home, receiver]) {
      const jobs = await fx.as(fx.owner).get(jobsRoute);
      expect(jobs.json.jobs.map(({ id }: { id: string }) => id)).toContain(jobId);
      const audit = await db.auditEvent.findMany({
        where: { projectId: fx.project.id, resourceId: jobId, action: "job.enqueue" },
      });
      expect(audit).toHaveLength(1);
      expect(audit[0].details).toMatchObject({
        homeProjectId: home.project.id,
        requestedByProjectId: receiver.project.id,
      });
    }

    // Never delete rows, change the definition or delete the group: not found, as for what it cannot see.
    expect(
      (await receiver.as(receiver.member).post(deleteRowsRoute, { params: events, body: { keys: [{ card_id: 1 }] } }))
        .status,
    ).toBe(404);
    expect(
      (await receiver.as(receiver.owner).patch(groupRoute, { params: events, body: { description: "mine" } })).status,
    ).toBe(404);
    expect((await receiver.as(receiver.owner).delete(groupRoute, { params: events })).status).toBe(404);
    expect(await db.featureGroup.findUniqueOrThrow({ where: { id: group.id } })).toMatchObject({ description: "" });
  });
});
