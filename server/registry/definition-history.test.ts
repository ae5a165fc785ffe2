import { describe, expect, it } from "vitest";
import * as groupRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/route";
import * as featuresRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/features/route";
import * as groupDiffRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/diff/route";
import * as groupHistoryRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/history/route";
import * as viewDiffRoute from "@/app/api/v1/projects/[project]/feature-views/[name]/diff/route";
import * as viewsRoute from "@/app/api/v1/projects/[project]/feature-views/route";
import { db } from "@/server/db/client";
import { featureGroupApi } from "@/test/fixtures/feature-group-api";
import { tagsApi } from "@/test/fixtures/tags";
import { featureList, useOwnedProject } from "@/test/fixtures/test-project";
import { callRoute, uniqueName } from "@/test/helpers";

// Definition history (docs/history.md): each change to a group's or view's definition is kept, and any two
// revisions (or versions, or a version at a point in time) diff side by side.

const fx = useOwnedProject({ roles: ["AUDITOR"] });
const groupApi = featureGroupApi(fx);
const at = (name: string, version = "1") => ({ project: fx.project.name, name, version });
const named = (name: string) => ({ project: fx.project.name, name });

type TRow = { kind: string; left: { text: string } | null; right: { text: string } | null };
type TSection = { title: string; changed: boolean; rows: TRow[] };
const section = (json: { sections: TSection[] }, title: string) => json.sections.find((s) => s.title === title)!;
const added = (s: TSection) => s.rows.filter((row) => row.kind === "added").map((row) => row.right!.text);
const changedPairs = (s: TSection) =>
  s.rows.filter((row) => row.kind === "changed").map((row) => [row.left!.text, row.right!.text]);

const diff = (name: string, from: string, to: string, route = groupDiffRoute) =>
  callRoute(route.GET, named(name), { userId: fx.owner.id, query: { from, to } });

const BASE = { primaryKey: ["card_id"], features: featureList({ card_id: "bigint", amount: "double" }) };

describe("definition history of a feature group", () => {
  it("keeps every change (description, TTL, appended features, tags, a new version) and diffs any two", async () => {
    const name = uniqueName("history");
    await groupApi.createGroup(name, { ...BASE, description: "Card spend" });
    const patched = await callRoute(groupRoute.PATCH, at(name), {
      userId: fx.owner.id,
      method: "PATCH",
      body: { description: "Card spend per day", ttlSeconds: 86_400 },
    });
    expect(patched.status, JSON.stringify(patched.json)).toBe(200);
    const beforeAppend = new Date();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const appended = await callRoute(featuresRoute.POST, at(name), {
      userId: fx.owner.id,
      method: "POST",
      body: { features: [{ name: "merchant", type: "string", description: "Merchant name" }] },
    });
    expect(appended.status, JSON.stringify(appended.json)).toBe(201);
    await tagsApi.set(fx.owner.id, at(name), { tags: [{ schema: "pii", value: { category: "financial" } }] });
    // A new version is how the online flag changes: its diff shows it beside the schema.
    await groupApi.createGroup(name, {
      ...BASE,
      onlineEnabled: true,
      features: featureList({ card_id: "bigint", amount: "float" }),
    });

    const history = await callRoute(groupHistoryRoute.GET, named(name), { userId: fx.member.id });
    expect(history.status).toBe(200);
    expect(history.json.revisions.map((r: { version: number; change: string }) => `v${r.version} ${r.change}`)).toEqual(
      ["v1 created", "v1 updated", "v1 featuresAppended", "v1 tags", "v2 created"],
    );
    expect(history.json.revisions[1]).toMatchObject({ revision: 2, actor: fx.owner.email });

    // The first revision against version 1 as it stands: description, TTL, the new feature and the tag.
    const first = await diff(name, "r1", "v1");
    expect(first.status, JSON.stringify(first.json)).toBe(200);
    expect(changedPairs(section(first.json, "Description"))).toEqual([["Card spend", "Card spend per day"]]);
    expect(changedPairs(section(first.json, "Settings"))).toEqual([["ttlSeconds: null", "ttlSeconds: 86400"]]);
    expect(added(section(first.json, "Schema"))).toEqual(["merchant string — Merchant name"]);
    expect(added(section(first.json, "Tags"))).toEqual(['pii v1 {"category":"financial"}']);
    expect(section(first.json, "Keys").changed).toBe(false);

    // Version 1 at a point in time: before the feature was appended it had two features.
    const past = await diff(name, `v1@${beforeAppend.toISOString()}`, "v1");
    expect(past.json.from.revision).toBe(2);
    expect(added(section(past.json, "Schema"))).toEqual(["merchant string — Merchant name"]);

    // Two versions: a changed type is a changed line, side by side.
    const versions = await diff(name, "v1", "v2");
    expect(changedPairs(section(versions.json, "Schema"))).toContainEqual(["amount double", "amount float"]);
    expect(changedPairs(section(versions.json, "Settings"))).toContainEqual([
      "onlineEnabled: false",
      "onlineEnabled: true",
    ]);
  });

  it("writes nothing for a refused change, and no revision can be rewritten", async () => {
    const name = uniqueName("history_refused");
    await groupApi.createGroup(name, BASE);
    const refused = await callRoute(groupRoute.PATCH, at(name), {
      userId: fx.owner.id,
      method: "PATCH",
      body: { features: [{ name: "no_such_feature", description: "x" }] },
    });
    expect(refused.status).toBe(422);
    const rows = await db.definitionRevision.findMany({ where: { projectId: fx.project.id, name } });
    expect(rows.map((row) => row.change)).toEqual(["created"]);
    await expect(
      db.definitionRevision.update({ where: { id: rows[0].id }, data: { summary: "rewritten" } }),
    ).rejects.toThrow(/append-only/);
  });

  it.each([
    ["a revision that does not exist", { from: "r99", to: "v1" }, 422, "query.from"],
    ["a version that does not exist", { from: "v1", to: "v7" }, 422, "query.to"],
    ["a malformed selector", { from: "latest", to: "v1" }, 422, "query.from"],
    ["a time before the version existed", { from: "v1@2001-01-01T00:00:00Z", to: "v1" }, 422, "query.from"],
  ])("refuses %s, naming the side", async (_what, query, status, field) => {
    const name = uniqueName("history_bad");
    await groupApi.createGroup(name, BASE);
    const response = await callRoute(groupDiffRoute.GET, named(name), { userId: fx.owner.id, query });
    expect(response.status).toBe(status);
    expect(response.json.errors.map((error: { path: string }) => error.path)).toContain(field);
  });

  it("answers 404 for a name with no history", async () => {
    const response = await diff(uniqueName("nothing"), "v1", "v1");
    expect(response.status).toBe(404);
  });
});

describe("definition history of a feature view", () => {
  it("diffs joins, filters and transformations between two versions", async () => {
    const cards = uniqueName("hv_cards");
    const spend = uniqueName("hv_spend");
    await groupApi.createGroup(cards, { ...BASE, features: featureList({ card_id: "bigint", limit_eur: "double" }) });
    await groupApi.createGroup(spend, {
      primaryKey: ["card_id", "ts"],
      eventTime: "ts",
      features: featureList({ card_id: "bigint", ts: "timestamp", amount: "double" }),
    });
    const view = uniqueName("hv_view");
    const post = (body: Record<string, unknown>) =>
      callRoute(viewsRoute.POST, { project: fx.project.name }, { userId: fx.owner.id, method: "POST", body });
    const first = await post({ name: view, root: { featureGroup: { name: spend, version: 1 } } });
    expect(first.status, JSON.stringify(first.json)).toBe(201);
    const second = await post({
      name: view,
      root: { featureGroup: { name: spend, version: 1 } },
      joins: [{ featureGroup: { name: cards, version: 1 } }],
      filter: { feature: "amount", op: ">", value: 10 },
      transformations: [{ feature: "amount", type: "standard_scaler" }],
    });
    expect(second.status, JSON.stringify(second.json)).toBe(201);
    const response = await diff(view, "v1", "v2", viewDiffRoute);
    expect(response.status, JSON.stringify(response.json)).toBe(200);
    expect(section(response.json, "Joins").changed).toBe(true);
    expect(added(section(response.json, "Joins")).join(" ")).toContain(cards);
    expect(section(response.json, "Filter").changed).toBe(true);
    expect(added(section(response.json, "Transformations")).join(" ")).toContain("standard_scaler");
    expect(section(response.json, "Root").changed).toBe(false);
  });
});
