import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { stopBoss } from "@/server/jobs/boss";
import { seedDemo } from "./seed";
import { DEMO_PROJECT } from "./users";

// The demo shows monitoring off on first start: fraud_model's drift monitor has a history whose later runs cross
// the PSI threshold (the merchants' last commit raises prices) with an alert, and merchant_aggregates misses its
// freshness SLA while transactions meets its own.

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
