import { describe, expect, it } from "vitest";
import { OPERATION_LIST, OPERATIONS, type TOperationId } from "@/lib/api/operations";
import { isProjectOperation } from "@/lib/api/operation";
import { callRoute } from "@/test/helpers";
import { useApiSeed } from "@/test/fixtures/api-project";
import { OPERATION_EXAMPLES, type TExampleCall } from "@/test/fixtures/operation-examples";
import { snapshotState } from "@/test/fixtures/state-snapshot";
import { routeHandlerFor } from "@/test/fixtures/route-handlers";

// One project's members cannot see or touch another project's anything. Every operation under
// /api/v1/projects/{project} (from the operations registry), called by the Owner of another project — by session
// and by an API key holding every scope there — with a valid request naming the victim's real objects (its feature
// group with committed rows, view, training dataset, job, schedule, API key, second member, the project itself),
// answers 404 problem+json, the same answer as for a project that does not exist. Afterwards every registry table,
// the victim's files (Delta versions included) and its online-store keys are as they were.

const projectOperations = OPERATION_LIST.filter(isProjectOperation);
const seed = useApiSeed();

describe("cross-project isolation", () => {
  it("has a valid example call for every project operation, including the console's vector route", () => {
    expect(projectOperations.length).toBeGreaterThan(35);
    expect(projectOperations).toContain(OPERATIONS.getFeatureVector);
    for (const operation of projectOperations)
      expect(OPERATION_EXAMPLES[operation.id as TOperationId], operation.id).toBeTypeOf("function");
  });

  it("answers 404 to a member of another project for every operation, and changes nothing", async () => {
    const calls: [(typeof projectOperations)[number], TExampleCall][] = [];
    for (const operation of projectOperations)
      calls.push([
        operation,
        await OPERATION_EXAMPLES[operation.id as TOperationId]({ seed, caller: "OTHER", fresh: false }),
      ]);
    const before = await snapshotState({ projectId: seed.project.id });
    expect(before.tables.FeatureGroupCommit.rows).toBeGreaterThan(0);
    expect(before.files.some((file) => file.includes("_delta_log"))).toBe(true);
    expect(before.onlineKeys.length).toBeGreaterThan(0);
    for (const [operation, example] of calls) {
      const handler = await routeHandlerFor(operation);
      for (const auth of [{ userId: seed.outsider.id }, { apiKey: seed.outsiderKey }]) {
        const response = await callRoute(handler, example.params, {
          ...auth,
          method: operation.method.toUpperCase(),
          query: example.query,
          body: example.body,
          rawBody: example.rawBody,
        });
        const label = `${operation.id} as ${"apiKey" in auth ? "API key" : "session"}`;
        expect(response.status, `${label}: ${JSON.stringify(response.json)}`).toBe(404);
        expect(response.contentType, label).toBe("application/problem+json");
        expect(response.json.detail, label).toBe(`Project '${seed.project.name}' not found`);
      }
    }
    expect(await snapshotState({ projectId: seed.project.id })).toEqual(before);
  });
});
