import { beforeAll, describe, expect, it } from "vitest";
import { SEARCH_COUNT_CAP } from "@/lib/api/search";
import { db } from "@/server/db/client";
import { commitRows, createOwnedProject, featureList, useOwnedProject } from "@/test/fixtures/test-project";
import { featureGroupApi } from "@/test/fixtures/feature-group-api";
import { resultNames, tagsApi } from "@/test/fixtures/tags";

// The catalog search over a seeded catalog: ranking, facets, filters, the index in the edit's transaction, what an
// auditor sees, and that nobody finds what another project holds.

const fx = useOwnedProject({ roles: ["AUDITOR"] });
const groupApi = featureGroupApi(fx);
const other = {} as Awaited<ReturnType<typeof createOwnedProject>>;
const group = (name: string, spec: Record<string, unknown> = {}) =>
  groupApi.createGroup(name, { primaryKey: ["id"], features: featureList({ id: "bigint" }), ...spec });
const inProject = (name: string, feature?: string) => ({
  project: fx.project.name,
  name,
  ...(feature ? { feature } : {}),
});
const search = async (q: string, userId = fx.owner.id) => {
  const response = await tagsApi.search(userId, q);
  expect(response.status, JSON.stringify(response.json)).toBe(200);
  return response.json;
};

beforeAll(async () => {
  await group("card");
  await group("card_holders", {
    primaryKey: ["holder_id"],
    onlineEnabled: true,
    features: featureList({ holder_id: "bigint", holder_email: "string", credit_limit: "double" }),
  });
  await group("card_limits");
  await group("cart");
  await group("payments");
  await group("ledger", { description: "Every card transaction, booked" });
  await tagsApi.set(fx.owner.id, inProject("payments"), { keywords: ["card"] });
  await tagsApi.set(fx.owner.id, inProject("card_holders", "holder_email"), {
    tags: [{ schema: "pii", value: { category: "email", legalBasis: "contract" } }],
    keywords: ["contact"],
  });
  await tagsApi.set(fx.owner.id, inProject("card_holders", "holder_id"), {
    tags: [{ schema: "pii", value: { category: "financial" } }],
  });
  // Recent use: card_limits was written to after card_holders.
  const used = (name: string, at: string) =>
    db.featureGroup.updateMany({ where: { projectId: fx.project.id, name }, data: { lastCommitAt: new Date(at) } });
  await used("card_holders", "2026-11-01T00:00:00Z");
  await used("card_limits", "2026-11-20T00:00:00Z");
  Object.assign(other, await createOwnedProject());
  await featureGroupApi(other).createGroup("card_secrets", {
    primaryKey: ["id"],
    features: featureList({ id: "bigint" }),
  });
  await tagsApi.set(
    other.owner.id,
    { project: other.project.name, name: "card_secrets", feature: "id" },
    {
      tags: [{ schema: "pii", value: { category: "national_id" } }],
    },
  );
});

describe("search", () => {
  it("ranks exact name, then prefix (ties by recent use), fuzzy name, tag or keyword, description", async () => {
    const json = await search("card");
    expect(resultNames(json, "featureGroup")).toEqual([
      "card",
      "card_limits",
      "card_holders",
      "cart",
      "payments",
      "ledger",
    ]);
    const matchedBy = json.groups[0].results.map((result: { matchedBy: string }) => result.matchedBy);
    expect(matchedBy).toEqual(["name", "prefix", "prefix", "fuzzy", "tag", "description"]);
    expect(json.groups[0].results[0]).toMatchObject({ project: fx.project.name, version: 1, owner: fx.owner.email });
    expect(json.terms).toEqual(["card"]);
  });

  it("finds features by phrase, tag, tag field, type and keyword, grouped by kind with facets", async () => {
    expect(resultNames(await search('"holder email"'), "feature")).toEqual(["holder_email"]);
    const pii = await search("tag:pii");
    expect(resultNames(pii, "feature").sort()).toEqual(["holder_email", "holder_id"]);
    expect(pii.facets.kind).toEqual([{ value: "feature", label: "Features", count: 2 }]);
    expect(pii.facets.project).toEqual([{ value: fx.project.name, label: fx.project.name, count: 2 }]);
    expect(pii.facets.tag).toEqual([{ value: "pii", label: "pii", count: 2 }]);
    expect(pii.facets.online).toEqual([{ value: "true", label: "Online", count: 2 }]);
    expect(pii.facets.owner).toEqual([{ value: fx.owner.email, label: fx.owner.email, count: 2 }]);
    expect(resultNames(await search("pii.category:email"), "feature")).toEqual(["holder_email"]);
    expect(resultNames(await search("type:double"), "feature")).toEqual(["credit_limit"]);
    expect(resultNames(await search("contact"), "feature")).toEqual(["holder_email"]);
    const limits = await search(`holder project:${fx.project.name} kind:feature online:true`);
    expect(limits.groups.map((g: { kind: string }) => g.kind)).toEqual(["feature"]);
    expect((await search(`card project:${fx.project.name} online:false kind:featureGroup`)).total).toBe(5);
  });

  it("is updated in the transaction of the edit: a rolled-back edit leaves nothing, a committed one is found at once", async () => {
    const groupId = (await db.featureGroup.findFirstOrThrow({ where: { projectId: fx.project.id, name: "cart" } })).id;
    await expect(
      db.$transaction(async (tx) => {
        await tx.keyword.create({
          data: { projectId: fx.project.id, targetKind: "featureGroup", targetId: groupId, keyword: "rollbackword" },
        });
        expect(
          (
            await tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM larder_search.document
           WHERE 'rollbackword' = ANY(keywords)`
          )[0].n,
        ).toBe(1);
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect((await search("rollbackword")).total).toBe(0);
    await tagsApi.set(fx.owner.id, inProject("cart"), { keywords: ["committedword"] });
    expect(resultNames(await search("committedword"), "featureGroup")).toEqual(["cart"]);
    await group("brand_new_group");
    expect(resultNames(await search("brand_new_group"), "featureGroup")).toEqual(["brand_new_group"]);
  });

  it("shows an auditor the catalog and its tags, never feature values", async () => {
    await commitRows(
      fx.project.id,
      "card_holders",
      "(1, 'ada@card.example', 4111.5)",
      "holder_id, holder_email, credit_limit",
    );
    const auditor = fx.members[0];
    const json = await search("holder", auditor.id);
    expect(resultNames(json, "feature")).toContain("holder_email");
    const email = json.groups
      .flatMap((g: { results: unknown[] }) => g.results)
      .find((r: { name: string }) => r.name === "holder_email");
    expect(email.tags).toEqual([{ schema: "pii", version: 1, value: { category: "email", legalBasis: "contract" } }]);
    expect(JSON.stringify(json)).not.toMatch(/ada@card\.example|4111/);
    expect((await search("ada", auditor.id)).total).toBe(0);
  });

  it("never finds objects of a project the user is not a member of", async () => {
    const projectsOf = (json: { groups: { results: { project: string }[] }[] }) =>
      new Set(json.groups.flatMap((g) => g.results.map((result) => result.project)));
    expect(projectsOf(await search("card_secrets"))).toEqual(new Set([fx.project.name]));
    expect((await search(`project:${other.project.name}`)).total).toBe(0);
    const pii = await search("pii.category:national_id");
    expect(pii.total).toBe(0);
    expect(JSON.stringify(await search("card"))).not.toContain(other.project.name);
    // Its own owner finds it.
    expect(resultNames(await search("card_secrets", other.owner.id), "featureGroup")).toEqual(["card_secrets"]);
  });

  it.each([
    ['card "holder', "a quote is not closed"],
    ["colour:red", "unknown facet 'colour'"],
    ["pii.colour:red", "has no field 'colour'"],
    ["tag:no_such_schema", "unknown tag schema"],
    ["kind:widget", "unknown kind"],
    ["a ".repeat(10_000), "at most 500 characters"],
    [Array.from({ length: 30 }, (_, i) => `w${i}`).join(" "), "at most 20 terms"],
  ])("refuses query %# with 422 naming q", async (q, message) => {
    const response = await tagsApi.search(fx.owner.id, q);
    expect(response.status).toBe(422);
    expect(response.json.errors).toEqual([
      expect.objectContaining({ path: "query.q", message: expect.stringContaining(message) }),
    ]);
  });

  it("ranks past the count cap without a common kind or recent descriptions crowding out the rest", async () => {
    // More recent description matches than the counted cap, all feature groups of one kind…
    const now = Date.now();
    await db.featureGroup.createMany({
      data: Array.from({ length: SEARCH_COUNT_CAP + 5 }, (_, index) => ({
        id: `fg_zebra_${fx.project.id}_${index}`,
        projectId: fx.project.id,
        name: `herd_${index}`,
        version: 1,
        description: "Seen with a zebra",
        primaryKey: ["id"],
        tablePath: `/zebra/${index}`,
        lastCommitAt: new Date(now - index * 1000),
      })),
    });
    // …and, used long before all of them, a feature that matches by description and a group that matches by keyword.
    await group("savanna", { features: featureList({ id: "bigint", stripes: "bigint" }) });
    await db.feature.updateMany({
      where: { featureGroup: { projectId: fx.project.id, name: "savanna" }, name: "stripes" },
      data: { description: "How many stripes the zebra has" },
    });
    await group("grassland");
    await tagsApi.set(fx.owner.id, inProject("grassland"), { keywords: ["zebra"] });
    await db.featureGroup.updateMany({
      where: { projectId: fx.project.id, name: { in: ["savanna", "grassland"] } },
      data: { lastCommitAt: new Date("2001-01-01T00:00:00Z") },
    });
    const json = await search("zebra");
    expect(json.capped).toBe(true);
    expect(resultNames(json, "feature")).toEqual(["stripes"]);
    const groups = json.groups.find((entry: { kind: string }) => entry.kind === "featureGroup");
    expect(groups.results[0]).toMatchObject({ name: "grassland", matchedBy: "tag" });
    expect(groups.results[1]).toMatchObject({ name: "herd_0", matchedBy: "description" });
    expect(groups.total).toBe(SEARCH_COUNT_CAP);
    await db.featureGroup.deleteMany({ where: { projectId: fx.project.id, name: { startsWith: "herd_" } } });
  });

  it("past the count cap, finds an exact name among more prefix names than the cap, and a kind rare among the matches", async () => {
    // More recent name-prefix matches than the cap, all feature groups…
    const now = Date.now();
    await db.featureGroup.createMany({
      data: Array.from({ length: SEARCH_COUNT_CAP + 5 }, (_, index) => ({
        id: `fg_lion_${fx.project.id}_${index}`,
        projectId: fx.project.id,
        name: `lion_pride_${index}`,
        version: 1,
        description: "",
        primaryKey: ["id"],
        tablePath: `/lion/${index}`,
        lastCommitAt: new Date(now - index * 1000),
      })),
    });
    // …and, used long before them, the group named exactly so and a feature matching by description.
    await group("lion", { features: featureList({ id: "bigint", mane: "bigint" }) });
    await db.feature.updateMany({
      where: { featureGroup: { projectId: fx.project.id, name: "lion" }, name: "mane" },
      data: { description: "Length of the lion mane" },
    });
    await db.featureGroup.updateMany({
      where: { projectId: fx.project.id, name: "lion" },
      data: { lastCommitAt: new Date("2001-01-01T00:00:00Z") },
    });
    const json = await search("lion");
    expect(json.capped).toBe(true);
    const groups = json.groups.find((entry: { kind: string }) => entry.kind === "featureGroup");
    expect(groups.results[0]).toMatchObject({ name: "lion", matchedBy: "name" });
    expect(groups.results[1]).toMatchObject({ name: "lion_pride_0", matchedBy: "prefix" });
    expect(resultNames(json, "feature")).toEqual(["mane"]);
    await db.featureGroup.deleteMany({ where: { projectId: fx.project.id, name: { startsWith: "lion_pride_" } } });
  });

  it("writes the index through SECURITY DEFINER functions that pin search_path and that nobody may call", async () => {
    const functions = await db.$queryRaw<
      { name: string; definer: boolean; config: string[] | null; public: boolean }[]
    >`
      SELECT p.proname AS name, p.prosecdef AS definer, p.proconfig AS config,
             has_function_privilege('public', p.oid, 'EXECUTE') AS public
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
       WHERE n.nspname = 'larder_search' AND p.prosecdef`;
    expect(functions.map(({ name }) => name).sort()).toEqual(
      ["forget", "on_feature", "on_feature_group", "on_label", "on_versioned", "refresh"].sort(),
    );
    for (const fn of functions) {
      expect(fn.config, fn.name).toEqual(["search_path=public, pg_temp"]);
      expect(fn.public, fn.name).toBe(false);
    }
    await expect(db.$executeRaw`SELECT larder_search.refresh('featureGroup', 'x', '')`).rejects.toThrow(
      /permission denied/,
    );
  });

  it("refuses an unknown query parameter", async () => {
    expect((await tagsApi.search(fx.owner.id, "card", { facet: "x" })).status).toBe(422);
  });

  it("lets only triggers write the index", async () => {
    await expect(db.$executeRaw`DELETE FROM larder_search.document`).rejects.toThrow(/permission denied/);
  });
});
