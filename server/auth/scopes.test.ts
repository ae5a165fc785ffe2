import { describe, expect, it } from "vitest";
import { OPERATION_LIST } from "@/lib/api/operations";
import { effectiveKeyScopes } from "@/lib/scopes";

// The role × scope table is pinned in server/http/role-routes.test.ts, where every route answers against it.

describe("API key scopes", () => {
  it("an API key holds only the scopes its owner still holds", () => {
    expect(
      effectiveKeyScopes({ keyScopes: ["featureData:read", "members:write", "bogus"], ownerRole: "VIEWER" }),
    ).toEqual(["featureData:read"]);
    expect(effectiveKeyScopes({ keyScopes: ["featureData:read", "members:write"], ownerRole: "OWNER" })).toEqual([
      "featureData:read",
      "members:write",
    ]);
  });
});

describe("scopes follow the vocabulary", () => {
  // Feature values stay `featureData:*` wherever they appear; metadata is gated by the scope of its own resource.
  const resourceOf = (path: string): string | undefined =>
    path.includes("/training-datasets")
      ? "trainingDatasets"
      : path.includes("/feature-views")
        ? "featureViews"
        : undefined;

  it("feature-view and training-dataset metadata is gated by their own scopes, never by featureGroups:*", () => {
    const gated = OPERATION_LIST.filter((operation) => resourceOf(operation.path) && operation.scope);
    expect(gated.length).toBeGreaterThan(0);
    for (const operation of gated)
      expect([resourceOf(operation.path), "featureData"], `${operation.id} is gated by ${operation.scope}`).toContain(
        operation.scope?.split(":")[0],
      );
  });
});
