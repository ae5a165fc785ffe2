import { describe, expect, it } from "vitest";
import * as meRoute from "@/app/api/v1/me/route";
import * as projectsRoute from "@/app/api/v1/projects/route";
import * as apiKeysRoute from "@/app/api/v1/projects/[project]/api-keys/route";
import { callRoute, createTestProject, createTestUser } from "@/test/helpers";

// A program holding an API key can learn what the key is: `/me` answers the key's owner, project and scopes, and
// `/projects` lists the key's project alone — never the owner's other projects. Everything else outside projects
// still refuses keys.

const seed = async () => {
  const owner = await createTestUser();
  const [keyProject, otherProject] = [
    await createTestProject({ members: [{ userId: owner.id, role: "EDITOR" }] }),
    await createTestProject({ members: [{ userId: owner.id, role: "OWNER" }] }),
  ];
  const created = await callRoute(
    apiKeysRoute.POST,
    { project: keyProject.name },
    {
      userId: owner.id,
      method: "POST",
      body: { name: "pipeline", scopes: ["project:read", "featureGroups:read"], expiresAt: "2099-01-01T00:00:00Z" },
    },
  );
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  return { owner, keyProject, otherProject, key: created.json as { apiKey: { id: string }; secret: string } };
};

describe("an API key asking who it is", () => {
  it("GET /me answers the key's owner, project, role and scopes", async () => {
    const { owner, keyProject, key } = await seed();
    const response = await callRoute(meRoute.GET, {}, { apiKey: key.secret });
    expect(response.status, JSON.stringify(response.json)).toBe(200);
    expect(response.json.user).toMatchObject({ id: owner.id, email: owner.email });
    expect(response.json.apiKey).toEqual({
      id: key.apiKey.id,
      name: "pipeline",
      project: { id: keyProject.id, name: keyProject.name },
      role: "EDITOR",
      scopes: ["project:read", "featureGroups:read"],
      expiresAt: "2099-01-01T00:00:00.000Z",
    });
  });

  it("GET /projects lists the key's project alone, with the key's scopes", async () => {
    const { keyProject, key } = await seed();
    const response = await callRoute(projectsRoute.GET, {}, { apiKey: key.secret });
    expect(response.status, JSON.stringify(response.json)).toBe(200);
    expect(response.json.projects).toHaveLength(1);
    expect(response.json.projects[0]).toMatchObject({
      name: keyProject.name,
      role: "EDITOR",
      scopes: ["project:read", "featureGroups:read"],
    });
  });

  it("still cannot create a project", async () => {
    const { key } = await seed();
    const response = await callRoute(
      projectsRoute.POST,
      {},
      { apiKey: key.secret, method: "POST", body: { name: "x" } },
    );
    expect(response.status).toBe(403);
    expect(response.contentType).toBe("application/problem+json");
  });
});
