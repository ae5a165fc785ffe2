import { beforeAll, describe, expect, it } from "vitest";
import * as datasetsRoute from "@/app/api/v1/projects/[project]/feature-views/[name]/[version]/training-datasets/route";
import * as statisticsRoute from "@/app/api/v1/projects/[project]/training-datasets/[name]/[version]/statistics/route";
import { HIDDEN_VALUE } from "@/lib/feature-values";
import { db } from "@/server/db/client";
import { createFeatureView } from "@/server/feature-views";
import { callRoute, waitForJobEnd } from "@/test/helpers";
import { FRAUD_VIEW, iso, setUpFraudProject } from "@/test/fixtures/fraud-project";
import { useTestWorker, type TTestProject, type TTestUser } from "@/test/fixtures/test-project";

// A training dataset's job queues the statistics of each of its splits (by contract); they describe the split's
// own rows (train and test add up to the dataset) and are redacted for the Auditor like a group's.

let owner: TTestUser;
let auditor: TTestUser;
let project: TTestProject;
beforeAll(async () => {
  const fraud = await setUpFraudProject();
  ({ owner, auditor, project } = fraud);
  await createFeatureView({ ctx: fraud.ctx, access: fraud.access, input: FRAUD_VIEW });
});
useTestWorker(["training-dataset", "statistics"]);

describe("training dataset statistics", () => {
  it("are computed per split at the end of the training job, and hide values from the Auditor", async () => {
    const view = { project: project.name, name: "fraud", version: "1" };
    const spine = { type: "timeRange", start: iso(1), end: iso(21) };
    const split = { type: "random", train: 0.7, test: 0.3, seed: 7 };
    const created = await callRoute(datasetsRoute.POST, view, {
      userId: owner.id,
      method: "POST",
      body: { spine, split },
    });
    expect(created.status, JSON.stringify(created.json)).toBe(202);
    expect((await waitForJobEnd(created.json.job.id)).status).toBe("SUCCEEDED");
    const dataset = await db.trainingDataset.findFirstOrThrow({ where: { projectId: project.id, name: "fraud" } });
    const job = await db.job.findFirstOrThrow({ where: { projectId: project.id, type: "statistics" } });
    expect(job.payload).toEqual({ trainingDatasetId: dataset.id });
    expect((await waitForJobEnd(job.id)).status).toBe("SUCCEEDED");

    const params = { project: project.name, name: "fraud", version: "1" };
    const seen = await callRoute(statisticsRoute.GET, params, { userId: owner.id });
    expect(seen.status, JSON.stringify(seen.json)).toBe(200);
    const splits = seen.json.splits as {
      split: string;
      statistics: { rowCount: number; features: { name: string }[] };
    }[];
    expect(splits.map((split) => split.split).sort()).toEqual(["test", "train"]);
    expect(splits.reduce((total, split) => total + split.statistics.rowCount, 0)).toBe(20);
    const byName = (features: { name: string }[], name: string) =>
      features.find((f) => f.name === name) as unknown as Record<string, unknown>;
    const amounts = splits.map((split) => byName(split.statistics.features, "amount"));
    for (const [i, amount] of amounts.entries()) {
      expect(amount.count).toBe(splits[i].statistics.rowCount);
      expect(amount.histogram).toMatchObject({ kind: "bins" });
    }
    // Transaction ids are 1 … 20: the two splits' sums make the whole.
    const ids = splits.map((split) => byName(split.statistics.features, "transaction_id"));
    expect(ids.reduce((total, id) => total + (id.sum as number), 0)).toBe(210);

    const hidden = await callRoute(statisticsRoute.GET, params, { userId: auditor.id });
    expect(hidden.status).toBe(200);
    const auditorAmount = hidden.json.splits[0].statistics.features.find((f: { name: string }) => f.name === "amount");
    expect(auditorAmount.count).toBe(amounts[0].count);
    expect(auditorAmount.sum).toBe(HIDDEN_VALUE);
    expect(auditorAmount.histogram).toBe(HIDDEN_VALUE);
  });
});
