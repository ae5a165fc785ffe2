import { beforeAll, describe, expect, it } from "vitest";
import * as sharesRoute from "@/app/api/v1/projects/[project]/shares/route";
import * as acceptRoute from "@/app/api/v1/projects/[project]/shares/[shareId]/accept/route";
import * as declineRoute from "@/app/api/v1/projects/[project]/shares/[shareId]/decline/route";
import * as impactRoute from "@/app/api/v1/projects/[project]/shares/[shareId]/impact/route";
import * as revokeRoute from "@/app/api/v1/projects/[project]/shares/[shareId]/revoke/route";
import * as groupRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/route";
import * as previewRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/preview/route";
import * as searchRoute from "@/app/api/v1/search/route";
import { db } from "@/server/db/client";
import { createFeatureView, createTrainingDataset } from "@/server/feature-views";
import { createModel } from "@/server/models";
import { createMonitor } from "@/server/monitoring";
import { createFeatureGroup } from "@/server/registry/feature-groups";
import { callRoute, uniqueName } from "@/test/helpers";
import { CARDS_GROUP } from "@/test/fixtures/api-project";
import { commitRows, createOwnedProject } from "@/test/fixtures/test-project";

// Shares through the API (docs/sharing.md): bad input, who decides, the audit in both projects, revocation's impact
// and search. What each level makes readable on every operation is server/http/isolation-sharing.test.ts.

type TFixture = Awaited<ReturnType<typeof createOwnedProject>>;
let home: TFixture;
let receiver: TFixture;
let groups: { cards: string; notes: string };

const group = async (fx: TFixture, name: string) =>
  (
    await createFeatureGroup({
      ctx: fx.ctx,
      access: fx.access,
      input: { ...CARDS_GROUP, name, onlineEnabled: false } as never,
    })
  ).id as string;

beforeAll(async () => {
  home = await createOwnedProject("EDITOR");
  receiver = await createOwnedProject("EDITOR");
  groups = { cards: await group(home, "cards"), notes: await group(home, "notes") };
  await commitRows(
    home.project.id,
    "cards",
    "(1::BIGINT, 'visa', 10.5::DOUBLE, TIMESTAMPTZ '2026-01-01 10:00:00+00')",
    "card_id, card_type, amount, updated_at",
  );
});

const share = (body: unknown, fx = home) => fx.as(fx.owner).post(sharesRoute, { body });
const accept = (shareId: string, user = receiver.owner) => receiver.as(user).post(acceptRoute, { params: { shareId } });
const revoke = (shareId: string) => home.as(home.owner).post(revokeRoute, { params: { shareId } });
const shareCount = () => db.share.count({ where: { homeProjectId: { in: [home.project.id, receiver.project.id] } } });
const cardsInReceiver = () => receiver.as(receiver.owner).get(groupRoute, { params: { name: "cards", version: "1" } });

describe("sharing between projects", () => {
  it.each([
    ["itself", () => ({ withProject: home.project.name, items: "all" }), "withProject"],
    ["an unknown project", () => ({ withProject: uniqueName("nowhere"), items: "all" }), "withProject"],
    [
      "another project's item",
      () => ({ withProject: receiver.project.name, items: [{ kind: "featureGroup", id: "fg_0000doesnotexist" }] }),
      "items.0.id",
    ],
    [
      "a group listed as a view",
      () => ({ withProject: receiver.project.name, items: [{ kind: "featureView", id: groups.notes }] }),
      "items.0.id",
    ],
  ])("refuses a share with %s, naming the field, and writes nothing", async (_, body, field) => {
    const before = await shareCount();
    const response = await share(body());
    expect(response.status, JSON.stringify(response.json)).toBe(422);
    expect(response.json.errors.map(({ path }: { path: string }) => path)).toEqual([field]);
    expect(await shareCount()).toBe(before);
  });

  it("refuses a second share of the same item to the same project, and one of the whole store beside it", async () => {
    const first = await share({
      withProject: receiver.project.name,
      items: [{ kind: "featureGroup", id: groups.notes }],
    });
    expect(first.status).toBe(201);
    const before = await shareCount();
    for (const items of [[{ kind: "featureGroup", id: groups.notes }], "all"]) {
      const again = await share({ withProject: receiver.project.name, items });
      expect(again.status, JSON.stringify(again.json)).toBe(422);
      expect(again.json.errors[0].path).toMatch(/^items/);
    }
    expect(await shareCount()).toBe(before);
    expect((await revoke(first.json.id)).status).toBe(200);
  });

  it("lets only the receiver's Owner accept: nothing is readable before, an Editor gets 403, the home Owner 404", async () => {
    const created = await share({
      withProject: receiver.project.name,
      items: [{ kind: "featureGroup", id: groups.cards }],
    });
    expect(created.json).toMatchObject({ status: "PENDING", level: "READ", receiverProject: receiver.project.name });
    expect((await cardsInReceiver()).status).toBe(404);
    expect((await accept(created.json.id, receiver.member)).status).toBe(403);
    expect((await home.as(home.owner).post(acceptRoute, { params: { shareId: created.json.id } })).status).toBe(404);
    expect(await db.share.findUniqueOrThrow({ where: { id: created.json.id } })).toMatchObject({ status: "PENDING" });
    const accepted = await accept(created.json.id);
    expect(accepted.json).toMatchObject({ status: "ACCEPTED", decided: { by: receiver.owner.email } });
    expect((await cardsInReceiver()).status).toBe(200);
    // A read of the shared group's values is audited in both projects.
    const values = await receiver.as(receiver.owner).get(previewRoute, { params: { name: "cards", version: "1" } });
    expect(values.status, JSON.stringify(values.json)).toBe(200);
    expect(values.json.rows).toHaveLength(1);
    const valueReads = await db.auditEvent.findMany({
      where: { resourceId: groups.cards, action: "featureData.read" },
    });
    expect(valueReads.map(({ projectId }) => projectId).sort()).toEqual([home.project.id, receiver.project.id].sort());
    expect(valueReads.find(({ projectId }) => projectId === home.project.id)?.details).toMatchObject({
      readByProject: receiver.project.name,
    });
    // Decided once: a second decision is a conflict.
    expect(
      (await receiver.as(receiver.owner).post(declineRoute, { params: { shareId: created.json.id } })).status,
    ).toBe(409);
    const listed = await receiver.as(receiver.owner).get(sharesRoute);
    expect(listed.json.sharedWith.map(({ id }: { id: string }) => id)).toContain(created.json.id);
    expect(listed.json.sharedWith.find(({ id }: { id: string }) => id === created.json.id).items).toEqual([
      { kind: "featureGroup", id: groups.cards, name: "cards", version: 1 },
    ]);

    // Search in the receiving project finds the shared group, marked with its home project; not the other group.
    const search = await callRoute(
      searchRoute.GET,
      {},
      { userId: receiver.owner.id, query: { q: "kind:featureGroup" } },
    );
    const found = search.json.groups.flatMap((result: { results: unknown[] }) => result.results);
    expect(found).toContainEqual(expect.objectContaining({ name: "cards", project: home.project.name }));
    expect(found).not.toContainEqual(expect.objectContaining({ name: "notes", project: home.project.name }));

    // What the receiver built on the shared group is the impact of a revocation, as counts.
    const view = await createFeatureView({
      ctx: receiver.ctx,
      access: receiver.access,
      input: { name: "cards_view", root: { featureGroup: { name: "cards", version: 1 } } },
    });
    await createTrainingDataset({
      ctx: receiver.ctx,
      access: receiver.access,
      featureViewName: view.name,
      featureViewVersion: 1,
      input: {},
      enqueue: false,
    });
    await createModel({
      ctx: receiver.ctx,
      access: receiver.access,
      input: { name: "cards_model", featureView: { name: "cards_view", version: 1 } },
    });
    await createMonitor({
      ctx: receiver.ctx,
      access: receiver.access,
      input: {
        name: "cards_drift",
        target: { featureGroup: { name: "cards", version: 1 } },
        features: [{ name: "amount", metrics: [{ metric: "psi", threshold: 0.2 }] }],
        detection: { kind: "commits", count: 1 },
        reference: { kind: "fixedValues", values: { amount: [1, 2, 3] } },
        cron: null,
      },
    });
    const impact = { featureViews: 1, trainingDatasets: 1, models: 1, monitors: 1 };
    const preview = await home.as(home.owner).get(impactRoute, { params: { shareId: created.json.id } });
    expect(preview.json).toEqual(impact);
    const revoked = await revoke(created.json.id);
    expect(revoked.json).toMatchObject({ share: { status: "REVOKED", revoked: { by: home.owner.email } }, impact });
    expect((await cardsInReceiver()).status).toBe(404);

    // Every step is audited in both projects, naming both.
    for (const project of [home.project, receiver.project]) {
      const events = await db.auditEvent.findMany({
        where: { projectId: project.id, resourceId: created.json.id },
        orderBy: { id: "asc" },
      });
      expect(events.map(({ action }) => action)).toEqual(["share.create", "share.accept", "share.revoke"]);
      expect(events[0].details).toMatchObject({
        homeProjectId: home.project.id,
        receiverProjectId: receiver.project.id,
      });
    }
  });

  it("refuses to accept a share whose item has the name and version of one of the receiver's own (409), leaving it pending", async () => {
    await group(receiver, "notes");
    const created = await share({
      withProject: receiver.project.name,
      items: [{ kind: "featureGroup", id: groups.notes }],
    });
    expect(created.status).toBe(201);
    const refused = await accept(created.json.id);
    expect(refused.status).toBe(409);
    expect(refused.json.detail).toContain("Feature group 'notes' version 1 exists in this project too");
    expect(await db.share.findUniqueOrThrow({ where: { id: created.json.id } })).toMatchObject({ status: "PENDING" });
    expect(await db.auditEvent.count({ where: { resourceId: created.json.id, action: "share.accept" } })).toBe(0);
  });
});
