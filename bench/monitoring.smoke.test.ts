import { describe, expect, it } from "vitest";
import { runMonitoringBench } from "./monitoring-bench";
import { expectFiniteFigures } from "./support/expect-figures";

// Keeps the monitoring benchmark from rotting: the same code at a tiny scale. Timings are reported, not asserted;
// the run must read every row of both windows and find the drift the bench builds in.
describe("bench:monitoring (smoke)", () => {
  it("runs a 5-feature monitor over a window against a training split and measures a plain scan", async () => {
    const result = await runMonitoringBench({ rows: 5_000 });
    expect(result.run.detectionRows).toBeGreaterThan(4_900);
    expect(result.run.referenceRows).toBe(5_000);
    expect(result.run.breaches).toBeGreaterThan(0);
    expectFiniteFigures({
      runSeconds: result.run.seconds,
      scanSeconds: result.baseline.plainDuckDbScanSeconds,
      ratio: result.ratioToScan,
    });
  }, 180_000);
});
