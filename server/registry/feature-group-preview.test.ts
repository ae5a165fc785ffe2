import { beforeAll, describe, expect, it } from "vitest";
import * as previewRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/preview/route";
import { db } from "@/server/db/client";
import { writeCommit } from "@/server/offline";
import { callRoute, createTestProject, createTestUser, accessFor, userContext } from "@/test/helpers";
import { createFeatureGroup } from "./feature-groups";

// The Data tab's preview: filter by key (bigint keys above 2^53 compared exactly), sort by a column, and the row
// count as of the commit being viewed — not the latest count, not the number of rows returned.

let owner: Awaited<ReturnType<typeof createTestUser>>;
let project: Awaited<ReturnType<typeof createTestProject>>;
const BIG_KEY = "9007199254740993"; // 2^53 + 1: a double would read it as ...992
const NAME = "cards_preview";

beforeAll(async () => {
  owner = await createTestUser();
  project = await createTestProject({ members: [{ userId: owner.id, role: "OWNER" }] });
  const group = await createFeatureGroup({
    ctx: userContext(owner),
    access: accessFor(project, "OWNER"),
    input: {
      name: NAME,
      primaryKey: ["card_id"],
      features: [
        { name: "card_id", type: "bigint" },
        { name: "credit_limit", type: "double" },
      ],
    },
  });
  const { tablePath } = await db.featureGroup.findUniqueOrThrow({ where: { id: group.id } });
  const rows = (values: string) =>
    `SELECT * FROM (VALUES ${values}) AS t(card_id, credit_limit)`.replace(/\((\d+),/g, "($1::BIGINT,");
  // Commit 1: three cards; commit 2: two more.
  await writeCommit({ tablePath, mode: "upsert", sourceSql: rows(`(${BIG_KEY}, 1.5), (7, 3.5), (1234567, 2.5)`) });
  await writeCommit({ tablePath, mode: "upsert", sourceSql: rows("(8, 9.5), (9, 0.5)") });
});

const preview = (query: Record<string, string>) =>
  callRoute(previewRoute.GET, { project: project.name, name: NAME, version: "1" }, { userId: owner.id, query });

describe("the feature group preview", () => {
  it("counts the rows as of the commit viewed, beyond the rows returned", async () => {
    const atFirst = await preview({ asOfVersion: "1", limit: "2" });
    expect(atFirst.status).toBe(200);
    expect(atFirst.json).toMatchObject({ version: 1, rowCount: 3 });
    expect(atFirst.json.rows).toHaveLength(2);
    const latest = await preview({ limit: "2" });
    expect(latest.json).toMatchObject({ version: 2, rowCount: 5 });
  });

  it("filters by a bigint key above 2^53 exactly, as text", async () => {
    const found = await preview({ key: BIG_KEY });
    expect(found.json.rows).toEqual([{ card_id: BIG_KEY, credit_limit: 1.5 }]);
    expect(found.json.rowCount).toBe(1);
    const neighbour = await preview({ key: "9007199254740992" });
    expect(neighbour.json).toMatchObject({ rows: [], rowCount: 0 });
    // A key added by commit 2 is not there as of commit 1.
    expect((await preview({ key: "8", asOfVersion: "1" })).json).toMatchObject({ rows: [], rowCount: 0 });
    expect((await preview({ key: "8", keyColumn: "card_id" })).json.rowCount).toBe(1);
  });

  it("sorts by a column, ascending or descending", async () => {
    const limits = async (order: string) =>
      (await preview({ sort: "credit_limit", order })).json.rows.map(
        (row: { credit_limit: number }) => row.credit_limit,
      );
    expect(await limits("desc")).toEqual([9.5, 3.5, 2.5, 1.5, 0.5]);
    expect(await limits("asc")).toEqual([0.5, 1.5, 2.5, 3.5, 9.5]);
  });

  it.each([
    [{ sort: "no_such_feature" }, "query.sort"],
    [{ sort: "Robert'); DROP" }, "query.sort"],
    [{ key: "1", keyColumn: "credit_limit" }, "query.keyColumn"],
    [{ keyColumn: "card_id" }, "query.keyColumn"],
    [{ order: "sideways" }, "query.order"],
    [{ key: "" }, "query.key"],
    [{ key: "1".repeat(257) }, "query.key"],
  ])("refuses %o with a 422 naming %s, reading nothing", async (query, path) => {
    const before = await db.auditEvent.count({ where: { projectId: project.id } });
    const response = await preview(query);
    expect(response.status).toBe(422);
    expect(response.contentType).toContain("application/problem+json");
    expect(response.json.errors.map((error: { path: string }) => error.path)).toContain(path);
    expect(await db.auditEvent.count({ where: { projectId: project.id } })).toBe(before);
  });

  it("keeps a quote in a key as data, not SQL", async () => {
    expect((await preview({ key: "1' OR '1'='1" })).json).toMatchObject({ rows: [], rowCount: 0 });
  });
});
