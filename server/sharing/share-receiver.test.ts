import { beforeAll, describe, expect, it } from "vitest";
import * as sharesRoute from "@/app/api/v1/projects/[project]/shares/route";
import * as acceptRoute from "@/app/api/v1/projects/[project]/shares/[shareId]/accept/route";
import * as revokeRoute from "@/app/api/v1/projects/[project]/shares/[shareId]/revoke/route";
import * as groupsRoute from "@/app/api/v1/projects/[project]/feature-groups/route";
import * as groupRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/route";
import * as viewsRoute from "@/app/api/v1/projects/[project]/feature-views/route";
import * as datasetsRoute from "@/app/api/v1/projects/[project]/feature-views/[name]/[version]/training-datasets/route";
import * as batchRoute from "@/app/api/v1/projects/[project]/feature-views/[name]/[version]/batch-data/route";
import * as vectorRoute from "@/app/api/v1/projects/[project]/feature-views/[name]/[version]/vector/route";
import * as projectDatasetsRoute from "@/app/api/v1/projects/[project]/training-datasets/route";
import * as datasetRoute from "@/app/api/v1/projects/[project]/training-datasets/[name]/[version]/route";
import * as recreateRoute from "@/app/api/v1/projects/[project]/training-datasets/[name]/[version]/recreate/route";
import * as splitRoute from "@/app/api/v1/projects/[project]/training-datasets/[name]/[version]/splits/[split]/route";
import { createFeatureView, createTrainingDataset } from "@/server/feature-views";
import { createFeatureGroup } from "@/server/registry/feature-groups";
import { db } from "@/server/db/client";
import { waitForJobEnd } from "@/test/helpers";
import { CARDS_GROUP } from "@/test/fixtures/api-project";
import { commitRows, createOwnedProject, useTestWorker } from "@/test/fixtures/test-project";

// What the receiving project sees of a share (docs/sharing.md): shared items marked with their home project in its
// catalog lists, its own items winning over shared ones of the same name and version, and — after revocation — a
// 409 naming the revoked share wherever its views read a shared group, while its own datasets stay readable, marked;
// reads of shared values through its views are audited in the home project too.

type TFixture = Awaited<ReturnType<typeof createOwnedProject>>;
type TNamed = { name: string; sharedFrom: unknown; id: string };
let home: TFixture;
let receiver: TFixture;
const ids: Record<string, string> = {};

const group = async (fx: TFixture, name: string) =>
  (await createFeatureGroup({ ctx: fx.ctx, access: fx.access, input: { ...CARDS_GROUP, name, onlineEnabled: false } }))
    .id;

beforeAll(async () => {
  home = await createOwnedProject();
  receiver = await createOwnedProject();
  ids.cards = await group(home, "cards");
  ids.notes = await group(home, "notes");
  await commitRows(
    home.project.id,
    "cards",
    [
      "(1::BIGINT, 'visa', 10.5::DOUBLE, TIMESTAMPTZ '2026-01-01 10:00:00+00')",
      "(2::BIGINT, 'amex', 21.0::DOUBLE, TIMESTAMPTZ '2026-01-02 10:00:00+00')",
    ],
    "card_id, card_type, amount, updated_at",
  );
  const view = await createFeatureView({
    ctx: home.ctx,
    access: home.access,
    input: { name: "home_cards", root: { featureGroup: { name: "cards", version: 1 } } },
  });
  ids.view = view.id;
  const created = await createTrainingDataset({
    ctx: home.ctx,
    access: home.access,
    featureViewName: "home_cards",
    featureViewVersion: 1,
    input: {},
    enqueue: false,
  });
  ids.dataset = created.trainingDataset.id;
  await group(receiver, "mine");
});
useTestWorker(["training-dataset"]);

const shareAndAccept = async (items: { kind: string; id: string }[]) => {
  const created = await home
    .as(home.owner)
    .post(sharesRoute, { body: { withProject: receiver.project.name, level: "READ", items } });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  const accepted = await receiver.as(receiver.owner).post(acceptRoute, { params: { shareId: created.json.id } });
  expect(accepted.status, JSON.stringify(accepted.json)).toBe(200);
  return created.json.id as string;
};

describe("a share seen from the receiving project", () => {
  it("marks shared groups, views and datasets with their home project in the catalog lists; its own are unmarked", async () => {
    const shareId = await shareAndAccept([
      { kind: "featureGroup", id: ids.cards },
      { kind: "featureView", id: ids.view },
      { kind: "trainingDataset", id: ids.dataset },
    ]);
    const sharedFrom = { project: home.project.name, level: "READ", shareId };
    const as = receiver.as(receiver.owner);
    const groups = (await as.get(groupsRoute)).json.featureGroups as TNamed[];
    expect(groups.map(({ name, sharedFrom }) => [name, sharedFrom])).toEqual([
      ["cards", sharedFrom],
      ["mine", null],
    ]);
    const views = (await as.get(viewsRoute)).json.featureViews as TNamed[];
    expect(views.map(({ name, sharedFrom }) => [name, sharedFrom])).toEqual([["home_cards", sharedFrom]]);
    const datasets = (await as.get(projectDatasetsRoute)).json.trainingDatasets as TNamed[];
    expect(datasets.map(({ id, sharedFrom }) => [id, sharedFrom])).toEqual([[ids.dataset, sharedFrom]]);
    const perView = await as.get(datasetsRoute, { params: { name: "home_cards", version: "1" } });
    expect(perView.json.trainingDatasets.map(({ sharedFrom }: TNamed) => sharedFrom)).toEqual([sharedFrom]);
    // The home project sees its own items unmarked.
    const homeGroups = (await home.as(home.owner).get(groupsRoute)).json.featureGroups as TNamed[];
    expect(homeGroups.every(({ sharedFrom }) => sharedFrom === null)).toBe(true);
    expect((await home.as(home.owner).post(revokeRoute, { params: { shareId } })).status).toBe(200);
    expect((await as.get(groupsRoute)).json.featureGroups.map(({ name }: TNamed) => name)).toEqual(["mine"]);
  });

  it("finds the receiver's own group before a shared one of the same name and version made after acceptance", async () => {
    const shareId = await shareAndAccept([{ kind: "featureGroup", id: ids.notes }]);
    const as = receiver.as(receiver.owner);
    expect((await as.get(groupRoute, { params: { name: "notes", version: "1" } })).json.id).toBe(ids.notes);
    const own = await group(receiver, "notes");
    const found = await as.get(groupRoute, { params: { name: "notes", version: "1" } });
    expect(found.json).toMatchObject({ id: own, sharedFrom: null });
    // A new view naming notes v1 joins the receiver's own group.
    const view = await as.post(viewsRoute, {
      body: { name: "notes_view", root: { featureGroup: { name: "notes", version: 1 } } },
    });
    expect(view.status, JSON.stringify(view.json)).toBe(201);
    expect(view.json.root.featureGroup.id).toBe(own);
    // Both are listed, the shared one marked.
    const listed = (await as.get(groupsRoute, { query: { q: "notes" } })).json.featureGroups as TNamed[];
    expect(listed.map(({ id, sharedFrom }) => [id, sharedFrom === null])).toEqual(
      expect.arrayContaining([
        [own, true],
        [ids.notes, false],
      ]),
    );
    expect((await home.as(home.owner).post(revokeRoute, { params: { shareId } })).status).toBe(200);
  });

  it("after revocation, the receiver's view on a shared group answers 409 naming the share; its dataset stays readable, marked", async () => {
    const shareId = await shareAndAccept([{ kind: "featureGroup", id: ids.cards }]);
    const as = receiver.as(receiver.owner);
    const viewParams = { name: "cards_view", version: "1" };
    const view = await as.post(viewsRoute, {
      body: { name: "cards_view", root: { featureGroup: { name: "cards", version: 1 } } },
    });
    expect(view.status, JSON.stringify(view.json)).toBe(201);
    const created = await as.post(datasetsRoute, { params: viewParams, body: {} });
    expect(created.status, JSON.stringify(created.json)).toBe(202);
    expect((await waitForJobEnd(created.json.job.id)).status).toBe("SUCCEEDED");
    const datasetParams = {
      name: created.json.trainingDataset.name,
      version: String(created.json.trainingDataset.version),
    };
    const batch = () => as.post(batchRoute, { params: viewParams, body: { entities: [{ card_id: 1 }] } });
    expect((await batch()).status).toBe(200);
    // The read of the shared group's values through the receiver's view is audited in both projects.
    const reads = await db.auditEvent.findMany({
      where: {
        action: "featureData.read",
        resourceType: "featureView",
        projectId: { in: [home.project.id, receiver.project.id] },
      },
      select: { projectId: true, details: true },
    });
    expect(reads.map(({ projectId }) => projectId).sort()).toEqual([home.project.id, receiver.project.id].sort());
    expect(reads.find(({ projectId }) => projectId === home.project.id)?.details).toMatchObject({
      batch: true,
      readByProject: receiver.project.name,
    });
    expect((await as.get(datasetRoute, { params: datasetParams })).json.revokedSources).toEqual([]);

    expect((await home.as(home.owner).post(revokeRoute, { params: { shareId } })).status).toBe(200);

    const answers = {
      batch: await batch(),
      dataset: await as.post(datasetsRoute, { params: viewParams, body: {} }),
      vector: await as.post(vectorRoute, {
        params: viewParams,
        rawBody: JSON.stringify({ entities: { card_id: 1 } }),
      }),
    };
    for (const [what, answer] of Object.entries(answers)) {
      expect(answer.status, `${what}: ${JSON.stringify(answer.json)}`).toBe(409);
      expect(answer.json.detail).toContain(`project '${home.project.name}' revoked share ${shareId}`);
      expect(answer.json.detail).toContain("cards v1");
    }
    const revokedSources = [{ featureGroup: "cards v1", project: home.project.name, shareId }];
    const dataset = await as.get(datasetRoute, { params: datasetParams });
    expect(dataset.status).toBe(200);
    expect(dataset.json).toMatchObject({ status: "READY", revokedSources });
    const listed = (await as.get(projectDatasetsRoute)).json.trainingDatasets;
    expect(listed.find(({ name }: TNamed) => name === datasetParams.name)).toMatchObject({ revokedSources });
    const recreated = await as.post(recreateRoute, { params: datasetParams });
    expect(recreated.status, JSON.stringify(recreated.json)).toBe(409);
    expect(recreated.json.detail).toContain(`project '${home.project.name}' revoked share ${shareId}`);
    const split = await as.get(splitRoute, { params: { ...datasetParams, split: dataset.json.splits[0].name } });
    expect(split.status).toBe(200);
  });
});
