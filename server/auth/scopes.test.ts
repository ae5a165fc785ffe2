import { describe, expect, it } from "vitest";
import { effectiveKeyScopes, hasScope, ROLES, ROLE_SCOPES, SCOPES, type TRole, type TScope } from "@/lib/scopes";

// The whole role × scope matrix, pinned. Changing a role's powers means changing this table on purpose.
const MATRIX: Record<TScope, Record<TRole, boolean>> = {
  "project:read": { OWNER: true, EDITOR: true, VIEWER: true, AUDITOR: true },
  "project:delete": { OWNER: true, EDITOR: false, VIEWER: false, AUDITOR: false },
  "members:read": { OWNER: true, EDITOR: true, VIEWER: true, AUDITOR: true },
  "members:write": { OWNER: true, EDITOR: false, VIEWER: false, AUDITOR: false },
  "apiKeys:read": { OWNER: true, EDITOR: false, VIEWER: false, AUDITOR: false },
  "apiKeys:write": { OWNER: true, EDITOR: false, VIEWER: false, AUDITOR: false },
  "audit:read": { OWNER: true, EDITOR: false, VIEWER: false, AUDITOR: true },
  "featureGroups:read": { OWNER: true, EDITOR: true, VIEWER: true, AUDITOR: true },
  "featureGroups:write": { OWNER: true, EDITOR: true, VIEWER: false, AUDITOR: false },
  "featureData:read": { OWNER: true, EDITOR: true, VIEWER: true, AUDITOR: false },
  "featureData:write": { OWNER: true, EDITOR: true, VIEWER: false, AUDITOR: false },
  "jobs:read": { OWNER: true, EDITOR: true, VIEWER: true, AUDITOR: true },
  "jobs:write": { OWNER: true, EDITOR: true, VIEWER: false, AUDITOR: false },
};

describe("role × scope matrix", () => {
  it("covers every scope exactly", () => {
    expect(Object.keys(MATRIX).sort()).toEqual([...SCOPES].sort());
  });
  for (const scope of SCOPES) {
    for (const role of ROLES) {
      it(`${role} ${MATRIX[scope][role] ? "has" : "lacks"} ${scope}`, () => {
        expect(hasScope({ scopes: ROLE_SCOPES[role], required: scope })).toBe(MATRIX[scope][role]);
      });
    }
  }
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
