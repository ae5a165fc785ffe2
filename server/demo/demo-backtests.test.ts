import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { stopBoss } from "@/server/jobs/boss";
import type { TStoredBacktestReport } from "@/lib/backtest-values";
import { seedDemo } from "./seed";
import { DEMO_PROJECT } from "./users";

// The demo shows a backtest on first start: merchant_aggregates v2 against v1 over the first 20 days — ten merchants
// only in v1 (closed), ten only in v2 (new), averages a little lower, a new feature, and v2's suite passing.

afterAll(() => stopBoss());

describe("the demo's backtest", () => {
  it("keeps a report with merchant_aggregates v2", async () => {
    await seedDemo();
    const project = await db.project.findUniqueOrThrow({ where: { name: DEMO_PROJECT } });
    const v2 = await db.featureGroup.findFirstOrThrow({
      where: { projectId: project.id, name: "merchant_aggregates", version: 2 },
    });
    const [backtest, ...more] = await db.backtest.findMany({ where: { featureGroupId: v2.id } });
    expect(more).toEqual([]);
    expect(backtest!.baselineVersion).toBe(1);
    expect(backtest!.createdById).not.toBeNull();
    const report = backtest!.report as unknown as TStoredBacktestReport;
    // 500 merchants × 20 days in v1; v2 drops every 50th (10) and adds 10.
    expect(report.baseline.rows).toBe(10_000);
    expect(report.candidate.rows).toBe(10_000);
    expect(report.keys).toMatchObject({ onlyInBaseline: 10, onlyInCandidate: 10, inBoth: 490 });
    expect(report.candidate.validation?.outcome).toBe("PASSED");
    expect(report.baseline.validation).toBeNull();
    const status = Object.fromEntries(report.features.map((feature) => [feature.name, feature.status]));
    expect(status).toMatchObject({ avg_amount_7d: "compared", refund_rate_30d: "onlyInCandidate" });
    // A second start seeds nothing again.
    await seedDemo();
    expect(await db.backtest.count({ where: { projectId: project.id } })).toBe(1);
  }, 600_000);
});
