import { describe, expect, it } from "vitest";
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
