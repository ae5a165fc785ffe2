import { describe, expect, it } from "vitest";
import { OPERATION_LIST, OPERATIONS, type TOperationId } from "@/lib/api/operations";
import { isProjectOperation, type TProjectOperation } from "@/lib/api/operation";
import { db } from "@/server/db/client";
import { callRoute } from "@/test/helpers";
import { useApiSeed } from "@/test/fixtures/api-project";
import { OPERATION_EXAMPLES } from "@/test/fixtures/operation-examples";
import { snapshotState } from "@/test/fixtures/state-snapshot";
import { routeHandlerFor } from "@/test/fixtures/route-handlers";

// The isolation test, grown for sharing (docs/sharing.md). The seeded project shares its `cards` feature group and
// its training dataset — not its feature view `card_view`, nor its other groups — READ with another project. Every
// operation that names one version of a feature group, view or training dataset is called by that project's Owner
// under the receiving project's own path, naming the home project's object:
//   before the receiver's Owner accepts: 404 for every one;
//   once accepted: reads of the shared group and dataset answer 2xx, reads of the view that is not shared 404, and
//     every write (ingest, delete rows, change the schema, delete, …) 404 and changes nothing in the home project;
//   after revocation: 404 for every one again.

const seed = useApiSeed();

const KIND_OF_PATH: [RegExp, "featureGroup" | "featureView" | "trainingDataset"][] = [
  [/\/feature-groups\/\{name\}(\/|$)/, "featureGroup"],
  [/\/feature-views\/\{name\}(\/|$)/, "featureView"],
  [/\/training-datasets\/\{name\}(\/|$)/, "trainingDataset"],
];
const kindOf = (operation: TProjectOperation) => KIND_OF_PATH.find(([pattern]) => pattern.test(operation.path))?.[1];
const namingOne = OPERATION_LIST.filter(isProjectOperation).filter((operation) => kindOf(operation));
const isRead = (operation: TProjectOperation) => operation.method === "get";

const callAll = async (shared: boolean) => {
  const answers: { id: string; kind: string; read: boolean; status: number; detail: unknown }[] = [];
  for (const operation of namingOne) {
    const example = await OPERATION_EXAMPLES[operation.id as TOperationId]({ seed, caller: "OWNER", fresh: false });
    const response = await callRoute(
      await routeHandlerFor(operation),
      { ...example.params, project: seed.outsiderProject.name },
      {
        userId: seed.outsider.id,
        method: operation.method.toUpperCase(),
        query: example.query,
        body: example.body,
        rawBody: example.rawBody,
      },
    );
    answers.push({
      id: operation.id,
      kind: kindOf(operation)!,
      read: isRead(operation),
      status: response.status,
      detail: shared ? response.json?.detail : undefined,
    });
  }
  return answers;
};

const shareWith = async (items: { kind: string; id: string }[]) => {
  const created = await callRoute(
    await routeHandlerFor(OPERATIONS.createShare),
    { project: seed.project.name },
    {
      userId: seed.users.OWNER.id,
      method: "POST",
      body: { withProject: seed.outsiderProject.name, level: "READ", items },
    },
  );
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  return created.json.id as string;
};
const decide = async (operation: TProjectOperation, project: string, userId: string, shareId: string) =>
  callRoute(await routeHandlerFor(operation), { project, shareId }, { userId, method: "POST" });

describe("cross-project isolation with sharing", () => {
  it("names a version of a group, view or dataset in enough operations to mean something", () => {
    expect(namingOne.filter(isRead).length).toBeGreaterThan(25);
    expect(namingOne.filter((operation) => !isRead(operation)).length).toBeGreaterThan(15);
  });

  it("shows nothing before acceptance, exactly the shared items at READ after it, and nothing after revocation", async () => {
    const dataset = await db.trainingDataset.findFirstOrThrow({
      where: { projectId: seed.project.id, name: seed.trainingDataset.name },
      select: { id: true },
    });
    const shareId = await shareWith([
      { kind: "featureGroup", id: seed.featureGroupId },
      { kind: "trainingDataset", id: dataset.id },
    ]);
    const pending = await callAll(false);
    // After the first pass: building an example may create what it names, once (a validation report).
    const before = await snapshotState({ projectId: seed.project.id });
    expect(pending.filter(({ status }) => status !== 404)).toEqual([]);

    const accepted = await decide(OPERATIONS.acceptShare, seed.outsiderProject.name, seed.outsider.id, shareId);
    expect(accepted.status, JSON.stringify(accepted.json)).toBe(200);
    const shared = await callAll(true);
    const readable = shared.filter(({ read, kind }) => read && kind !== "featureView");
    expect(readable.filter(({ status }) => status >= 300)).toEqual([]);
    expect(shared.filter(({ kind, status }) => kind === "featureView" && status !== 404)).toEqual([]);
    expect(shared.filter(({ read, status }) => !read && status !== 404)).toEqual([]);

    const revoked = await callRoute(
      await routeHandlerFor(OPERATIONS.revokeShare),
      { project: seed.project.name, shareId },
      { userId: seed.users.OWNER.id, method: "POST" },
    );
    expect(revoked.status).toBe(200);
    const after = await callAll(false);
    expect(after.filter(({ status }) => status !== 404)).toEqual([]);
    // Nothing the receiver did reached the home project: its tables' rows (shares and audit events aside), files and
    // online keys are as they were.
    const state = await snapshotState({ projectId: seed.project.id });
    expect(state.files).toEqual(before.files);
    expect(state.onlineKeys).toEqual(before.onlineKeys);
    for (const table of ["FeatureGroup", "FeatureGroupCommit", "FeatureView", "TrainingDataset", "Job"])
      expect(state.tables[table], table).toEqual(before.tables[table]);
  }, 300_000);
});
