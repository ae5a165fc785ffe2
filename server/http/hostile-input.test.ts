import { afterAll, describe, expect, it } from "vitest";
import type { TOperation } from "@/lib/api/operation";
import { OPERATION_LIST, OPERATIONS, type TOperationId } from "@/lib/api/operations";
import { stopBoss } from "@/server/jobs/boss";
import { buildOpenApiDocument } from "@/server/http/openapi";
import { callRoute } from "@/test/helpers";
import { seedApiProject } from "@/test/fixtures/api-project";
import { OPERATION_EXAMPLES, type TApiSeed, type TExampleCall } from "@/test/fixtures/operation-examples";
import { snapshotState } from "@/test/fixtures/state-snapshot";
import { startChangeTracker, type TChangeTracker } from "@/test/fixtures/change-tracker";
import { routeHandlerFor } from "@/test/fixtures/route-handlers";
import {
  DEEP_VALUE,
  fieldsOf,
  hostileCall,
  NUL_VALUE,
  sampleValues,
  type TField,
  type THostileValue,
} from "@/test/fixtures/hostile-values";

// Every operation of the generated OpenAPI document, called by a caller allowed to call it (the project's Owner, or
// a platform administrator outside projects) with its valid example request in which ONE field — each path
// parameter, query parameter and body field in turn — holds a hostile value: NUL always, nesting 5,000 levels deep
// in every body field, and SAMPLED_PER_FIELD more from test/fixtures/hostile-values.ts (a deterministic sample per
// field, so the run stays within a minute). Mutating operations are also sent by session cookie with a foreign or
// unparseable Origin. Every answer must be below 500; every 4xx must be problem+json and must leave the registry
// (every table's rows), the data directory and the project's online keys exactly as they were (bookkeeping that
// legitimately changes is named in state-snapshot.ts).

const SAMPLED_PER_FIELD = 2;
const FOREIGN_ORIGINS = [
  "null",
  "http://localhost:3000.evil.example",
  "http://evil.example",
  "http://[::1",
  "javascript:alert(1)",
  "http://localhost:3000@evil.example",
];

// Reads first, then writes, then removals, deleting the project last: a hostile value a route accepts (a description
// of quotes, say) must not take away what later calls name.
const ORDER = { get: 0, post: 1, put: 1, patch: 1, delete: 2 } as const;
const ordered = [...OPERATION_LIST].sort(
  (a, b) =>
    Number(a === OPERATIONS.deleteProject) - Number(b === OPERATIONS.deleteProject) ||
    ORDER[a.method] - ORDER[b.method],
);

type TAttempt = { field: TField | "origin"; value: THostileValue | string; call: TExampleCall; origin?: string };

const attemptsFor = (
  operation: TOperation,
  example: TExampleCall,
  document: ReturnType<typeof buildOpenApiDocument>,
) => {
  const attempts: TAttempt[] = [];
  for (const field of fieldsOf(document, operation, example)) {
    const values = [
      NUL_VALUE,
      ...(field.in === "body" ? [DEEP_VALUE] : []),
      ...sampleValues(`${operation.id}:${field.in}:${field.name}`, SAMPLED_PER_FIELD),
    ];
    for (const value of values) attempts.push({ field, value, call: hostileCall(example, field, value) });
  }
  // Both origins that answered 500, and one more of the others, chosen by the operation's place in the list.
  if (operation.method !== "get" && operation.auth !== "public") {
    const other = FOREIGN_ORIGINS[2 + (ordered.indexOf(operation) % (FOREIGN_ORIGINS.length - 2))];
    for (const origin of [FOREIGN_ORIGINS[0], FOREIGN_ORIGINS[1], other])
      attempts.push({ field: "origin", value: origin, call: example, origin });
  }
  return attempts;
};

let tracker: TChangeTracker | undefined;
afterAll(async () => {
  await tracker?.stop();
  await stopBoss();
});

describe("hostile input into every field of every operation", () => {
  it("never answers 5xx, answers problem+json on 4xx, and a 4xx changes nothing", async () => {
    const seed: TApiSeed = await seedApiProject();
    tracker = await startChangeTracker();
    const document = buildOpenApiDocument();
    const failures: string[] = [];
    const started = performance.now();
    let snapshotMs = 0;
    const snapshot = async () => {
      const start = performance.now();
      const taken = await snapshotState({ projectId: seed.project.id, allFiles: true, tracker });
      snapshotMs += performance.now() - start;
      return taken;
    };
    let state = await snapshot();
    let calls = 0;
    for (const operation of ordered) {
      const handler = await routeHandlerFor(operation);
      const example = await OPERATION_EXAMPLES[operation.id as TOperationId]({ seed, caller: "OWNER", fresh: false });
      const userId = operation.scope ? seed.users.OWNER.id : seed.admin.id;
      // Building an example may create what it names (a user to add as a member).
      state = await snapshot();
      for (const attempt of attemptsFor(operation, example, document)) {
        calls += 1;
        const response = await callRoute(handler, attempt.call.params, {
          userId,
          method: operation.method.toUpperCase(),
          query: attempt.call.query,
          body: attempt.call.body,
          rawBody: attempt.call.rawBody,
          headers: attempt.origin ? { origin: attempt.origin, host: "localhost:3000" } : {},
        });
        const field = attempt.field === "origin" ? "Origin header" : `${attempt.field.in} ${attempt.field.name}`;
        const value = typeof attempt.value === "string" ? attempt.value : attempt.value.label;
        const label = `${operation.id}, ${field} = ${value}: ${response.status} ${JSON.stringify(response.json)?.slice(0, 300)}`;
        if (response.status >= 500) failures.push(label);
        else if (attempt.origin && response.status !== 403) failures.push(`${label} (expected 403)`);
        if (response.status < 400) {
          state = await snapshot();
          continue;
        }
        if (response.contentType !== "application/problem+json") failures.push(`${label} (not problem+json)`);
        const after = await snapshot();
        try {
          expect(after).toEqual(state);
        } catch (error) {
          failures.push(`${label} changed state: ${(error as Error).message.slice(0, 600)}`);
          state = after;
        }
      }
    }
    console.info(
      `[hostile-input] ${calls} calls over ${ordered.length} operations in ${Math.round(performance.now() - started)} ms (snapshots ${Math.round(snapshotMs)} ms)`,
    );
    expect(calls).toBeGreaterThan(500);
    expect(failures).toEqual([]);
  }, 600_000);
});
