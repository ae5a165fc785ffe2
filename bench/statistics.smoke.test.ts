import { describe, expect, it } from "vitest";
import { runStatisticsBench } from "./statistics-bench";
import { expectFiniteFigures } from "./support/expect-figures";

// Keeps the statistics benchmark from rotting: the same code at a tiny scale. Timings are reported, not asserted;
// the job must describe every row and every feature, with a histogram for each.
describe("bench:statistics (smoke)", () => {
  it("describes a commit through the job in a worker process and measures SUMMARIZE", async () => {
    const result = await runStatisticsBench({ rows: 20_000 });
    expect(result.described).toEqual({ rowCount: 20_000, histograms: 20 });
    expectFiniteFigures({
      endToEndSeconds: result.job.endToEndSeconds,
      summarizeSeconds: result.summarizeSeconds,
      ratioToSummarize: result.ratioToSummarize,
    });
    expect(result.worker.peakRssMb).toBeGreaterThanOrEqual(result.worker.idleRssMb);
  }, 180_000);
});
