import { describe, expect, it } from "vitest";
import { OPERATION_LIST, type TOperationId } from "@/lib/api/operations";
import { isProjectOperation } from "@/lib/api/operation";
import * as searchRoute from "@/app/api/v1/search/route";
import { db } from "@/server/db/client";
import { callRoute } from "@/test/helpers";
import { useApiSeed } from "@/test/fixtures/api-project";
import { OPERATION_EXAMPLES } from "@/test/fixtures/operation-examples";
import { snapshotState } from "@/test/fixtures/state-snapshot";
import { routeHandlerFor } from "@/test/fixtures/route-handlers";

// The isolation test, for discovery (docs/sharing.md): once the seeded project is discoverable, a user who is not
// a member finds its feature groups' and views' metadata in search (`discover=true`) and nothing else — every
// operation under /api/v1/projects/{project} (reads and writes, from the registry) still answers 404, exactly as
// for a project that does not exist, and changes nothing. Turning discovery off hides it from search again.

const projectOperations = OPERATION_LIST.filter(isProjectOperation);
const seed = useApiSeed();

const discover = async (q: string) =>
  callRoute(searchRoute.GET, {}, { userId: seed.outsider.id, query: { q, discover: "true" } });

describe("isolation of a discoverable project", () => {
  it("shows a non-member its metadata in search and answers 404 to every operation", async () => {
    await db.project.update({ where: { id: seed.project.id }, data: { discoverable: true } });
    const found = await discover(`project:${seed.project.name}`);
    expect(found.status, JSON.stringify(found.json)).toBe(200);
    expect(found.json.groups).toEqual([]);
    const kinds = new Set(found.json.discoverable.map(({ kind }: { kind: string }) => kind));
    expect([...kinds].sort()).toEqual(["featureGroup", "featureView"]);
    expect(found.json.discoverable).toContainEqual(expect.objectContaining({ kind: "featureGroup", name: "cards" }));
    // Metadata only: no feature types, online flags, statistics or values in what is found.
    expect(JSON.stringify(found.json.discoverable)).not.toMatch(/"(type|online|statistics|rows|values|parentName)"/);

    const calls = [];
    for (const operation of projectOperations)
      calls.push({
        operation,
        example: await OPERATION_EXAMPLES[operation.id as TOperationId]({ seed, caller: "OTHER", fresh: false }),
      });
    const before = await snapshotState({ projectId: seed.project.id });
    for (const { operation, example } of calls) {
      const response = await callRoute(await routeHandlerFor(operation), example.params, {
        userId: seed.outsider.id,
        method: operation.method.toUpperCase(),
        query: example.query,
        body: example.body,
        rawBody: example.rawBody,
      });
      expect(response.status, `${operation.id}: ${JSON.stringify(response.json)}`).toBe(404);
      expect(response.json.detail, operation.id).toBe(`Project '${seed.project.name}' not found`);
    }
    expect(await snapshotState({ projectId: seed.project.id })).toEqual(before);

    await db.project.update({ where: { id: seed.project.id }, data: { discoverable: false } });
    expect((await discover(`project:${seed.project.name}`)).json.discoverable).toEqual([]);
  });
});
