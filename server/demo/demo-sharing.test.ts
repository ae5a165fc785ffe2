import { afterAll, describe, expect, it } from "vitest";
import { featureGroupWhere, trainingDatasetWhere } from "@/server/access-where";
import { db } from "@/server/db/client";
import { stopBoss } from "@/server/jobs/boss";
import { seedDemo } from "./seed";
import { DEMO_SHARING_PROJECT } from "./sharing";
import { DEMO_PROJECT } from "./users";

// The demo shows sharing on first start: merchant_risk shares its scores group and a training dataset with
// fraud_detection, accepted, so fraud_detection reads exactly those two (not merchant_risk's view).

afterAll(() => stopBoss());

describe("the demo's sharing", () => {
  it("has a second project whose group and training dataset fraud_detection reads", async () => {
    await seedDemo();
    const fraud = await db.project.findUniqueOrThrow({ where: { name: DEMO_PROJECT } });
    const home = await db.project.findUniqueOrThrow({ where: { name: DEMO_SHARING_PROJECT } });
    const share = await db.share.findFirstOrThrow({ where: { homeProjectId: home.id, receiverProjectId: fraud.id } });
    expect(share).toMatchObject({ status: "ACCEPTED", level: "READ", scope: "ITEMS" });
    const reader = { projectId: fraud.id, intent: "read" } as const;
    const groups = await db.featureGroup.findMany({ where: { ...featureGroupWhere(reader), projectId: home.id } });
    expect(groups.map(({ name }) => name)).toEqual(["merchant_risk_scores"]);
    expect(Number(groups[0].rowCount)).toBe(500);
    const datasets = await db.trainingDataset.findMany({
      where: { ...trainingDatasetWhere(reader), projectId: home.id },
    });
    expect(datasets.map(({ name, status }) => [name, status])).toEqual([["merchant_risk", "READY"]]);
  }, 600_000);
});
