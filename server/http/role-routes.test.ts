import { describe, expect, it } from "vitest";
import type { TOperation } from "@/lib/api/operation";
import { OPERATION_LIST, OPERATIONS, type TOperationId } from "@/lib/api/operations";
import { hasScope, ROLES, ROLE_SCOPES, SCOPES, type TRole, type TScope } from "@/lib/scopes";
import { callRoute } from "@/test/helpers";
import { ROLE_CALLERS, useApiSeed } from "@/test/fixtures/api-project";
import { OPERATION_EXAMPLES, type TApiSeed, type TCaller } from "@/test/fixtures/operation-examples";
import { routeHandlerFor } from "@/test/fixtures/route-handlers";

// Every operation of the registry, called with a valid request against a seeded project as its Owner, Editor,
// Viewer and Auditor, as a member of another project, as no one, and (outside projects) as a platform
// administrator. What each must get follows from the operation's declaration and the role's scopes:
//   no one → 401; another project's member → 404 (project operations); a role without the operation's scope → 403;
//   a role with it → the declared success status (the request is valid); admin-only operations → 403 for others.
// The table of which role holds which scope is pinned here, so changing a role's powers means changing this table on
// purpose; unlike the copy it replaces (which called no route), the routes themselves answer against it.

// From the roles table in docs/product.md.
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
  "featureViews:read": { OWNER: true, EDITOR: true, VIEWER: true, AUDITOR: true },
  "featureViews:write": { OWNER: true, EDITOR: true, VIEWER: false, AUDITOR: false },
  "trainingDatasets:read": { OWNER: true, EDITOR: true, VIEWER: true, AUDITOR: true },
  "trainingDatasets:write": { OWNER: true, EDITOR: true, VIEWER: false, AUDITOR: false },
  "models:read": { OWNER: true, EDITOR: true, VIEWER: true, AUDITOR: true },
  "models:write": { OWNER: true, EDITOR: true, VIEWER: false, AUDITOR: false },
  "dataSources:read": { OWNER: true, EDITOR: true, VIEWER: true, AUDITOR: true },
  "dataSources:write": { OWNER: true, EDITOR: true, VIEWER: false, AUDITOR: false },
  "featureData:read": { OWNER: true, EDITOR: true, VIEWER: true, AUDITOR: false },
  "featureData:write": { OWNER: true, EDITOR: true, VIEWER: false, AUDITOR: false },
  "jobs:read": { OWNER: true, EDITOR: true, VIEWER: true, AUDITOR: true },
  "jobs:write": { OWNER: true, EDITOR: true, VIEWER: false, AUDITOR: false },
  "lineage:override": { OWNER: true, EDITOR: false, VIEWER: false, AUDITOR: false },
  "erasure:read": { OWNER: true, EDITOR: false, VIEWER: false, AUDITOR: true },
  "erasure:write": { OWNER: true, EDITOR: false, VIEWER: false, AUDITOR: false },
  "shares:write": { OWNER: true, EDITOR: false, VIEWER: false, AUDITOR: false },
  "shares:accept": { OWNER: true, EDITOR: false, VIEWER: false, AUDITOR: false },
  "project:discoverable": { OWNER: true, EDITOR: false, VIEWER: false, AUDITOR: false },
  "accessRequests:decide": { OWNER: true, EDITOR: false, VIEWER: false, AUDITOR: false },
  "usage:read": { OWNER: true, EDITOR: false, VIEWER: false, AUDITOR: false },
};

// Answers pinned per role where a declaration once let the wrong roles through: queueing a consistency check is
// creating a job, a write (issue 12: a Viewer could queue them with a read scope).
const PINNED: Partial<Record<TOperationId, Partial<Record<TCaller, number>>>> = {
  checkOnlineConsistency: { OWNER: 202, EDITOR: 202, VIEWER: 403, AUDITOR: 403 },
};

// Setup is only possible while no user exists; on a seeded database it must refuse, for everyone alike.
const PUBLIC_ANSWERS: Partial<Record<TOperationId, number>> = { setup: 409 };

const expectedStatus = (operation: TOperation, caller: TCaller): number => {
  if (operation.auth === "public") return PUBLIC_ANSWERS[operation.id as TOperationId] ?? operation.successStatus;
  if (caller === "NONE") return 401;
  if (operation.scope) {
    if (caller === "OTHER" || caller === "ADMIN") return 404;
    return MATRIX[operation.scope][caller] ? operation.successStatus : 403;
  }
  if (operation.auth === "admin") return caller === "ADMIN" ? operation.successStatus : 403;
  return operation.successStatus;
};

const callersFor = (operation: TOperation): TCaller[] => [
  ...ROLE_CALLERS,
  "OTHER",
  "NONE",
  ...(operation.scope ? [] : (["ADMIN"] as const)),
];

const userIdOf = (seed: TApiSeed, caller: TCaller): string | undefined =>
  caller === "NONE"
    ? undefined
    : caller === "OTHER"
      ? seed.outsider.id
      : caller === "ADMIN"
        ? seed.admin.id
        : seed.users[caller as TRole].id;

// Reads first, then writes, then removals; deleting a project last of all. Each removal names objects made for it.
const ORDER = { get: 0, post: 1, put: 1, patch: 1, delete: 2 } as const;
const ordered = [...OPERATION_LIST].sort(
  (a, b) =>
    Number(a === OPERATIONS.deleteProject) - Number(b === OPERATIONS.deleteProject) ||
    ORDER[a.method] - ORDER[b.method],
);

const seed = useApiSeed();

describe("role × scope table", () => {
  it("covers every scope exactly, and is what each role holds", () => {
    expect(Object.keys(MATRIX).sort()).toEqual([...SCOPES].sort());
    for (const scope of SCOPES)
      for (const role of ROLES)
        expect(hasScope({ scopes: ROLE_SCOPES[role], required: scope }), `${role} ${scope}`).toBe(MATRIX[scope][role]);
  });
});

describe("role × route: every operation answers each caller as its declaration says", () => {
  it("has an example for every operation and calls each in order", () => {
    expect(ordered.map((operation) => operation.id).sort()).toEqual(Object.keys(OPERATION_EXAMPLES).sort());
    expect(ordered.at(-1)).toBe(OPERATIONS.deleteProject);
  });

  for (const operation of ordered) {
    it(`${operation.id} (${operation.scope ?? operation.auth})`, async () => {
      const handler = await routeHandlerFor(operation);
      const answers: Record<string, number> = {};
      const expected: Record<string, number> = {};
      const surprises: Record<string, unknown> = {};
      for (const caller of callersFor(operation)) {
        const example = await OPERATION_EXAMPLES[operation.id as TOperationId]({ seed, caller, fresh: true });
        const response = await callRoute(handler, example.params, {
          userId: userIdOf(seed, caller),
          method: operation.method.toUpperCase(),
          query: example.query,
          body: example.body,
          rawBody: example.rawBody,
        });
        answers[caller] = response.status;
        expected[caller] = PINNED[operation.id as TOperationId]?.[caller] ?? expectedStatus(operation, caller);
        if (response.status >= 400)
          expect(response.contentType, `${caller}: ${JSON.stringify(response.json)}`).toBe("application/problem+json");
        if (response.status !== expected[caller]) surprises[caller] = response.json;
      }
      expect(answers, JSON.stringify(surprises)).toEqual(expected);
    });
  }
});
