import { afterAll, describe, expect, it } from "vitest";
import * as groupDiffRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/diff/route";
import * as groupHistoryRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/history/route";
import * as lineageRoute from "@/app/api/v1/projects/[project]/lineage/route";
import * as modelRoute from "@/app/api/v1/projects/[project]/models/[name]/[version]/route";
import * as sourceRoute from "@/app/api/v1/projects/[project]/data-sources/[name]/route";
import { WORKER_RUNNERS } from "@/server/jobs/worker-runners";
import { db } from "@/server/db/client";
import { startWorker } from "@/server/jobs/worker";
import { stopBoss } from "@/server/jobs/boss";
import { callRoute, waitForJobEnd } from "@/test/helpers";
import { DEMO_PROJECT, DEMO_USERS } from "./users";
import { seedDemo } from "./seed";

// The demo on first start. Monitoring shows off: fraud_model's drift monitor has a history whose later runs cross
// the PSI threshold (the merchants' last commit raises prices) with an alert, and merchant_aggregates misses its
// freshness SLA while transactions meets its own. Both ends of lineage (issue 18): a fraud model registered on
// fraud_model's training dataset, a data source that fills a feature group, lineage from that source all the way to
// the model, and card_profiles' definition changed twice so its History tab has something to diff. One file, so the
// demo is seeded once for both.

afterAll(() => stopBoss());

describe("the demo's monitoring", () => {
  it("has drift runs with an alert on fraud_model and one stale group", async () => {
    await seedDemo();
    const project = await db.project.findUniqueOrThrow({ where: { name: DEMO_PROJECT } });
    const monitor = await db.monitor.findFirstOrThrow({ where: { projectId: project.id, name: "fraud_model_drift" } });
    expect(monitor.scheduleId).not.toBeNull();
    const runs = await db.monitorRun.findMany({ where: { monitorId: monitor.id }, orderBy: { computedAt: "asc" } });
    expect(runs).toHaveLength(5);
    expect(runs.every((run) => run.detectionRows > 0 && run.referenceRows > 0)).toBe(true);
    expect(runs.slice(0, 2).map((run) => run.breaches)).toEqual([0, 0]);
    expect(runs[4].breaches).toBeGreaterThan(0);
    const alerts = await db.alert.findMany({ where: { projectId: project.id }, orderBy: { createdAt: "asc" } });
    expect(alerts.filter((alert) => alert.kind === "monitoring.drift").length).toBeGreaterThan(0);
    expect(alerts.filter((alert) => alert.kind === "monitoring.freshness").map((alert) => alert.subject)).toEqual([
      "featureGroup:merchant_aggregates:1",
    ]);
    // A second start seeds nothing again.
    await seedDemo();
    expect(await db.monitorRun.count({ where: { monitorId: monitor.id } })).toBe(5);
  }, 600_000);
});

type TSection = { title: string; changed: boolean };

describe("the demo's models, data source and definition history", () => {
  it("has the whole chain from data source to model, a filled source group and a definition to diff", async () => {
    await seedDemo();
    const owner = await db.user.findUniqueOrThrow({ where: { email: DEMO_USERS[1].email } });
    const as = { userId: owner.id };
    const project = DEMO_PROJECT;

    const model = await callRoute(modelRoute.GET, { project, name: "fraud_detector", version: "1" }, as);
    expect(model.status, JSON.stringify(model.json)).toBe(200);
    expect(model.json).toMatchObject({
      framework: "xgboost",
      featureView: { name: "fraud_model", version: 1, exists: true },
      trainingDatasets: [{ name: "fraud_model", version: 1, exists: true }],
    });
    expect(model.json.serving.featureGroups.map((g: { name: string }) => g.name).sort()).toEqual([
      "card_profiles",
      "merchant_aggregates",
      "transactions",
    ]);

    // The model's upstream reaches the data source: source → group → derived group → view → model (and the view's
    // dataset → model: the distance is the shorter way).
    const lineage = await callRoute(
      lineageRoute.GET,
      { project },
      {
        ...as,
        query: { kind: "model", name: "fraud_detector", version: "1", depth: "10", direction: "upstream" },
      },
    );
    expect(lineage.status, JSON.stringify(lineage.json)).toBe(200);
    const nodes = lineage.json.nodes as { kind: string; name: string; distance: number }[];
    expect(nodes.find((node) => node.kind === "data_source")).toMatchObject({
      name: "merchant_risk_db",
      distance: -4,
    });
    expect(new Set(nodes.map((node) => node.kind))).toEqual(
      new Set(["data_source", "feature_group", "feature_view", "training_dataset", "model"]),
    );

    // The source's first ingest was queued with the demo; a worker fills merchant_risk from it.
    const source = await callRoute(sourceRoute.GET, { project, name: "merchant_risk_db" }, as);
    expect(source.json.featureGroups).toMatchObject([
      { name: "merchant_risk", version: 1, watermarkColumn: "updated_at" },
    ]);
    const group = await db.featureGroup.findFirstOrThrow({
      where: { project: { name: project }, name: "merchant_risk" },
    });
    const job = await db.job.findFirstOrThrow({ where: { featureGroupId: group.id, type: "source-ingest" } });
    const worker = await startWorker({ runners: WORKER_RUNNERS, types: ["source-ingest"], schedules: false });
    try {
      const done = await waitForJobEnd(job.id, 120_000);
      expect(done.status, done.error ?? "").toBe("SUCCEEDED");
      expect(done.result).toMatchObject({ rowsRead: 500 });
    } finally {
      await worker.stop({ graceMs: 1000 });
    }

    // card_profiles' definition was edited after it was created: a diff of the first revision and the latest.
    const history = await callRoute(groupHistoryRoute.GET, { project, name: "card_profiles" }, as);
    const changes = (history.json.revisions as { change: string }[]).map((revision) => revision.change);
    expect(changes[0]).toBe("created");
    expect(changes.filter((change) => change === "updated")).toHaveLength(2);
    const diff = await callRoute(
      groupDiffRoute.GET,
      { project, name: "card_profiles" },
      {
        ...as,
        query: { from: "r1", to: "v1" },
      },
    );
    expect(diff.status, JSON.stringify(diff.json)).toBe(200);
    const changed = (diff.json.sections as TSection[]).filter((s) => s.changed).map((s) => s.title);
    expect(changed).toEqual(expect.arrayContaining(["Description", "Schema"]));
  }, 600_000);
});
