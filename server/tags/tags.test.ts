import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { featureList, useOwnedProject } from "@/test/fixtures/test-project";
import { featureGroupApi } from "@/test/fixtures/feature-group-api";
import { tagsApi } from "@/test/fixtures/tags";
import { createTestUser, uniqueName } from "@/test/helpers";

// Tag schemas (versioned, immutable), tags validated against them, keywords, and the audit trail of every edit.

const fx = useOwnedProject({ roles: ["EDITOR", "AUDITOR"] });
const groupApi = featureGroupApi(fx);
const holders = () => ({ project: fx.project.name, name: "card_holders" });
const email = () => ({ ...holders(), feature: "holder_email" });

const ensureGroup = async () => {
  if (await db.featureGroup.findFirst({ where: { projectId: fx.project.id, name: "card_holders" } })) return;
  await groupApi.createGroup("card_holders", {
    primaryKey: ["holder_id"],
    features: featureList({ holder_id: "bigint", holder_email: "string", card_number: "string" }),
  });
};

describe("tag schemas", () => {
  it("are created by administrators in versions that never change", async () => {
    const admin = await createTestUser({ isAdmin: true });
    const name = uniqueName("quality");
    const fields = [{ name: "level", type: "enum", values: ["gold", "silver"], required: true }];
    const first = await tagsApi.createSchema(admin.id, { name, fields });
    expect(first.status, JSON.stringify(first.json)).toBe(201);
    expect(first.json).toMatchObject({ name, version: 1, builtIn: false });
    const second = await tagsApi.createSchema(admin.id, {
      name,
      fields: [...fields, { name: "note", type: "string" }],
    });
    expect(second.json.version).toBe(2);
    // Writing version 1 again is refused, and the stored version 1 is untouched.
    const again = await tagsApi.createSchema(admin.id, { name, version: 1, fields: [{ name: "x", type: "string" }] });
    expect(again.status).toBe(409);
    const stored = await db.tagSchema.findUniqueOrThrow({ where: { name_version: { name, version: 1 } } });
    expect(stored.fields).toEqual([{ ...fields[0], description: "" }]);
    // Not even the application's database role can change a version in place.
    await expect(db.tagSchema.update({ where: { id: stored.id }, data: { description: "edited" } })).rejects.toThrow(
      /immutable/,
    );
    const audit = await db.auditEvent.findFirst({ where: { action: "tagSchema.create", resourceName: `${name} v2` } });
    expect(audit?.actorId).toBe(admin.id);
  });

  it("are defined only by platform administrators", async () => {
    const response = await tagsApi.createSchema(fx.owner.id, {
      name: uniqueName("x"),
      fields: [{ name: "a", type: "string" }],
    });
    expect(response.status).toBe(403);
  });

  it.each([
    ["an enum without values", [{ name: "a", type: "enum" }], "fields.0.values"],
    ["an unknown type", [{ name: "a", type: "json" }], "fields.0.type"],
    [
      "a repeated field",
      [
        { name: "a", type: "string" },
        { name: "a", type: "number" },
      ],
      "fields.1.name",
    ],
    ["no fields", [], "fields"],
  ])("refuses %s, naming the field", async (_what, fields, path) => {
    const admin = await createTestUser({ isAdmin: true });
    const name = uniqueName("bad");
    const response = await tagsApi.createSchema(admin.id, { name, fields });
    expect(response.status).toBe(422);
    expect(response.json.errors.map((error: { path: string }) => error.path)).toContain(path);
    expect(await db.tagSchema.count({ where: { name } })).toBe(0);
  });

  it("include the built-in pii schema", async () => {
    const { json } = await tagsApi.listSchemas(fx.owner.id);
    const pii = json.schemas.find((schema: { name: string }) => schema.name === "pii");
    expect(pii.builtIn).toBe(true);
    expect(pii.fields.map((field: { name: string }) => field.name)).toEqual([
      "category",
      "legalBasis",
      "retentionDays",
    ]);
  });

  it("refuse a new version of the built-in pii schema, even from an administrator", async () => {
    const admin = await createTestUser({ isAdmin: true });
    const before = await db.tagSchema.count({ where: { name: "pii" } });
    const response = await tagsApi.createSchema(admin.id, {
      name: "pii",
      fields: [{ name: "anything", type: "string" }],
    });
    expect(response.status).toBe(422);
    expect(response.json.errors.map((error: { path: string }) => error.path)).toEqual(["name"]);
    expect(await db.tagSchema.count({ where: { name: "pii" } })).toBe(before);
  });
});

describe("tags and keywords", () => {
  it("are validated against their schema, each problem naming its field, and nothing is saved", async () => {
    await ensureGroup();
    const cases: [unknown, string][] = [
      [{ tags: [{ schema: "pii", value: { category: "shoe size" } }] }, "tags.0.value.category"],
      [{ tags: [{ schema: "pii", value: {} }] }, "tags.0.value.category"],
      [{ tags: [{ schema: "pii", value: { category: "email", colour: "red" } }] }, "tags.0.value.colour"],
      [
        { tags: [{ schema: "pii", value: { category: "email", retentionDays: "long" } }] },
        "tags.0.value.retentionDays",
      ],
      [{ tags: [{ schema: "no_such_schema", value: {} }] }, "tags.0.schema"],
      [{ tags: [{ schema: "pii", version: 99, value: { category: "email" } }] }, "tags.0.version"],
      [
        {
          tags: [
            { schema: "pii", value: { category: "email" } },
            { schema: "pii", value: { category: "phone" } },
          ],
        },
        "tags.1.schema",
      ],
      [{ keywords: ["bad/keyword"] }, "keywords.0"],
    ];
    for (const [body, path] of cases) {
      const response = await tagsApi.put(fx.owner.id, email(), body);
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect(response.json.errors.map((error: { path: string }) => error.path)).toContain(path);
    }
    expect(await db.tag.count({ where: { projectId: fx.project.id } })).toBe(0);
    expect(await db.keyword.count({ where: { projectId: fx.project.id } })).toBe(0);
  });

  it("are replaced as a set by an editor, audited with who changed what, and read by an auditor", async () => {
    await ensureGroup();
    const [editor, auditor] = fx.members;
    await tagsApi.set(editor.id, email(), {
      tags: [{ schema: "pii", value: { category: "email", legalBasis: "contract", retentionDays: 365 } }],
      keywords: ["Contact", "customer"],
    });
    await tagsApi.set(editor.id, email(), {
      tags: [{ schema: "pii", value: { category: "email", legalBasis: "consent" } }],
      keywords: ["customer", "marketing"],
    });
    const events = await db.auditEvent.findMany({
      where: { projectId: fx.project.id, action: "tags.update" },
      orderBy: { id: "asc" },
    });
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({
      actorId: editor.id,
      resourceType: "feature",
      resourceName: "card_holders v1 · holder_email",
      details: {
        tagsSet: [{ schema: "pii", version: 1, value: { category: "email", legalBasis: "consent" } }],
        tagsRemoved: [],
        keywordsAdded: ["marketing"],
        keywordsRemoved: ["contact"],
      },
    });
    // The auditor reads the tags, keywords and who set them, but may not change them.
    const read = await tagsApi.get(auditor.id, email());
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({
      tags: [{ schema: "pii", value: { category: "email", legalBasis: "consent" }, updatedBy: editor.email }],
      keywords: ["customer", "marketing"],
    });
    expect((await tagsApi.put(auditor.id, email(), { tags: [] })).status).toBe(403);
    // An empty set removes them all.
    await tagsApi.set(fx.owner.id, email(), {});
    expect((await tagsApi.get(fx.owner.id, email())).json).toEqual({ tags: [], keywords: [] });
  });

  it("answer 404 for a feature the group does not have", async () => {
    await ensureGroup();
    const response = await tagsApi.put(fx.owner.id, { ...holders(), feature: "no_such" }, { keywords: ["x"] });
    expect(response.status).toBe(404);
  });

  it("go with their artifact when it is deleted", async () => {
    const name = uniqueName("doomed");
    await groupApi.createGroup(name, { primaryKey: ["id"], features: featureList({ id: "bigint" }) });
    const target = { project: fx.project.name, name };
    await tagsApi.set(fx.owner.id, { ...target, feature: "id" }, { keywords: ["gone"] });
    await tagsApi.set(fx.owner.id, target, { tags: [{ schema: "pii", value: { category: "other" } }] });
    const group = await db.featureGroup.findFirstOrThrow({ where: { projectId: fx.project.id, name } });
    await db.featureGroup.delete({ where: { id: group.id } });
    expect(await db.tag.count({ where: { targetId: group.id } })).toBe(0);
    expect(await db.keyword.count({ where: { targetId: group.id } })).toBe(0);
  });
});
