import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createFeatureGroup } from "@/server/registry/feature-groups";
import { edgeStrings, runLineageBackfill, setUpFraudLineage } from "@/test/fixtures/lineage";
import { featureList } from "@/test/fixtures/test-project";

// Lineage edges as artifacts are created (and the migration's backfill), the graph around an artifact, declared
// parents of derived groups and their cycles, and bad input (docs/lineage.md).

let fx: Awaited<ReturnType<typeof setUpFraudLineage>>;
beforeAll(async () => {
  fx = await setUpFraudLineage();
}, 120_000);

describe("edges recorded as artifacts are created", () => {
  it("link each group to the view, each feature to its column, on-demand columns to their inputs, the view to the dataset", async () => {
    const edges = await edgeStrings(fx.project.id);
    expect(edges).toEqual(
      expect.arrayContaining([
        "feature_group:transactions → feature_view:fraud",
        "feature_group:cards → feature_view:fraud",
        "feature_group:banks → feature_view:fraud",
        "feature_group:transactions.amount → feature_view:fraud.amount",
        "feature_group:transactions.category → feature_view:fraud.category",
        "feature_group:banks.risk → feature_view:fraud.bank_risk",
        // An on-demand column names its inputs.
        "feature_group:transactions.amount → feature_view:fraud.amount_to_limit",
        "feature_group:cards.credit_limit → feature_view:fraud.amount_to_limit",
        "feature_view:fraud → training_dataset:fraud",
        "feature_view:fraud.amount → training_dataset:fraud.amount",
        "feature_view:fraud.amount_to_limit → training_dataset:fraud.amount_to_limit",
      ]),
    );
    // Every column of the view has an edge into it, and the dataset has one per view column.
    const view = await db.featureView.findUniqueOrThrow({ where: { id: fx.view.id } });
    const columns = (view.plan as { featureTypes: [string, string][] }).featureTypes.map(([name]) => name);
    const stored = columns.filter((c) => !["amount_to_limit", "hour"].includes(c));
    for (const column of stored)
      expect(
        edges.some((e) => e.endsWith(`→ feature_view:fraud.${column}`)),
        column,
      ).toBe(true);
    for (const column of columns)
      expect(edges).toContain(`feature_view:fraud.${column} → training_dataset:fraud.${column}`);
    // The transformation fitted on a column is kept on its edge.
    const scaled = await db.lineageEdge.findFirstOrThrow({
      where: { projectId: fx.project.id, toKind: "feature_view", toColumn: "amount", fromColumn: "amount" },
    });
    expect(scaled.attributes).toEqual({ transformation: "min_max_scaler" });
  });

  it("are the same after the migration's backfill, for everything that existed before it", async () => {
    const before = await edgeStrings(fx.project.id);
    // As before the migration: no edges at all.
    await db.lineageEdge.deleteMany({ where: { projectId: fx.project.id } });
    expect(await edgeStrings(fx.project.id)).toEqual([]);
    await runLineageBackfill();
    expect(await edgeStrings(fx.project.id)).toEqual(before);
    // Idempotent: a second run adds nothing.
    await runLineageBackfill();
    expect(await edgeStrings(fx.project.id)).toEqual(before);
  });

  it("go with the artifact when it is deleted", async () => {
    const { ctx, access } = fx;
    const group = await createFeatureGroup({
      ctx,
      access,
      input: {
        name: "throwaway",
        primaryKey: ["k"],
        features: featureList({ k: "bigint", amount: "double" }),
        parents: [{ name: "transactions", version: 1 }],
      },
    });
    expect(await db.lineageEdge.count({ where: { toId: group.id } })).toBe(2);
    await db.featureGroup.delete({ where: { id: group.id } });
    expect(await db.lineageEdge.count({ where: { toId: group.id } })).toBe(0);
  });
});

describe("the lineage graph", () => {
  it("shows one level each way by default, with more to expand", async () => {
    const response = await fx.api.graph(fx.owner.id, { kind: "feature_view", name: "fraud", version: "1" });
    expect(response.status, JSON.stringify(response.json)).toBe(200);
    const byName = Object.fromEntries(
      response.json.nodes.map((n: { name: string; kind: string }) => [`${n.kind}:${n.name}`, n]),
    );
    expect(Object.keys(byName).sort()).toEqual([
      "feature_group:banks",
      "feature_group:cards",
      "feature_group:transactions",
      "feature_view:fraud",
      "training_dataset:fraud",
    ]);
    expect(byName["feature_group:transactions"].distance).toBe(-1);
    expect(byName["training_dataset:fraud"]).toMatchObject({ distance: 1, status: { state: "ok" } });
    // Column edges come with the graph (the page shows them when a node is expanded).
    expect(
      response.json.edges.some(
        (e: { fromColumn: string; toColumn: string }) =>
          e.fromColumn === "credit_limit" && e.toColumn === "amount_to_limit",
      ),
    ).toBe(true);
  });

  it("follows the depth, and marks a dataset pinned to an old commit as stale", async () => {
    const root = { kind: "feature_group", name: "transactions", version: "1" };
    const one = await fx.api.graph(fx.owner.id, root);
    expect(one.json.nodes.map((n: { kind: string }) => n.kind).sort()).toEqual(["feature_group", "feature_view"]);
    expect(one.json.nodes.find((n: { kind: string }) => n.kind === "feature_view").more.downstream).toBe(true);
    // A new commit of transactions leaves the dataset on the old one.
    await db.featureGroup.update({
      where: {
        id: (await db.featureGroup.findFirstOrThrow({ where: { projectId: fx.project.id, name: "transactions" } })).id,
      },
      data: { deltaVersion: { increment: 1 } },
    });
    const two = await fx.api.graph(fx.owner.id, { ...root, depth: "2", direction: "downstream" });
    const dataset = two.json.nodes.find((n: { kind: string }) => n.kind === "training_dataset");
    expect(dataset.status.state).toBe("stale");
    expect(dataset.status.message).toMatch(/transactions v1 commit \d+ \(latest \d+\)/);
  });

  it.each([
    [{ kind: "feature_view", name: "fraud", version: "1", depth: "10000" }, 422, "query.depth"],
    [{ kind: "feature_view", name: "fraud", version: "1", depth: "0" }, 422, "query.depth"],
    [{ kind: "spaceship", name: "fraud", version: "1" }, 422, "query.kind"],
    [{ kind: "feature_view", name: "nope", version: "1" }, 404, null],
    [{ kind: "model", name: "fraud_model", version: "1" }, 404, null],
  ])("answers %o with %i", async (query, status, field) => {
    const response = await fx.api.graph(fx.owner.id, query);
    expect(response.status).toBe(status);
    if (field) expect(response.json.errors.map((e: { path: string }) => e.path)).toContain(field);
  });
});

describe("declared parents of a derived group", () => {
  it("are edges from each parent, with same-named features linked, and refuse a cycle naming the field", async () => {
    const { ctx, access } = fx;
    const input = (name: string) => ({
      name,
      primaryKey: ["card_id"],
      features: featureList({ card_id: "bigint", amount: "double" }),
    });
    await createFeatureGroup({
      ctx,
      access,
      input: { ...input("card_spend"), parents: [{ name: "transactions", version: 1 }] },
    });
    await createFeatureGroup({ ctx, access, input: input("card_spend_weekly") });
    const declared = await fx.api.parents(fx.owner.id, "card_spend_weekly", 1, {
      parents: [{ name: "card_spend", version: 1 }],
    });
    expect(declared.status, JSON.stringify(declared.json)).toBe(200);
    const edges = await edgeStrings(fx.project.id);
    expect(edges).toEqual(
      expect.arrayContaining([
        "feature_group:transactions → feature_group:card_spend",
        "feature_group:transactions.amount → feature_group:card_spend.amount",
        "feature_group:card_spend → feature_group:card_spend_weekly",
      ]),
    );
    // card_spend derived from card_spend_weekly would close transactions → card_spend → weekly → card_spend.
    const cycle = await fx.api.parents(fx.owner.id, "card_spend", 1, {
      parents: [
        { name: "transactions", version: 1 },
        { name: "card_spend_weekly", version: 1 },
      ],
    });
    expect(cycle.status).toBe(422);
    expect(cycle.json.errors.map((e: { path: string }) => e.path)).toEqual(["parents.1"]);
    const itself = await fx.api.parents(fx.owner.id, "card_spend", 1, {
      parents: [{ name: "card_spend", version: 1 }],
    });
    expect(itself.json.errors.map((e: { path: string }) => e.path)).toEqual(["parents.0"]);
    // Nothing saved: card_spend's parents are still transactions alone.
    expect(await edgeStrings(fx.project.id)).toEqual(edges);
    // An unknown parent at creation: 422 naming it, and no group.
    await expect(
      createFeatureGroup({ ctx, access, input: { ...input("orphan"), parents: [{ name: "ghost", version: 1 }] } }),
    ).rejects.toMatchObject({ issues: [{ path: "parents.0" }] });
    expect(await db.featureGroup.count({ where: { projectId: fx.project.id, name: "orphan" } })).toBe(0);
  });
});
