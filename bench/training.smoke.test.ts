import { describe, expect, it } from "vitest";
import { runTrainingBench } from "./training-bench";
import { expectFiniteFigures } from "./support/expect-figures";

// Keeps the training benchmark from rotting: the same code at a tiny scale. Timings are reported, not
// asserted; what is asserted is that every spine row lands in exactly one split.
describe("bench:training (smoke)", () => {
  it("builds the tables, the dataset and the bare reference, and reports its figures", async () => {
    const result = await runTrainingBench({ spineRows: 2_000, groupRows: 20_000, entities: 100 });
    expect(result.splits.map((s) => s.name)).toEqual(["train", "test"]);
    expect(result.splits.reduce((sum, s) => sum + s.rows, 0)).toBe(2_000);
    expect(result.splits[0].rows).toBeGreaterThan(1_400);
    expect(result.files).toEqual(["test.parquet", "train.parquet"]);
    expectFiniteFigures({
      endToEndSeconds: result.endToEndSeconds,
      bareAsofSeconds: result.bareAsofSeconds,
      ratioToBareAsof: result.ratioToBareAsof,
    });
    expect(result.memory.peakRssMb).toBeGreaterThanOrEqual(result.memory.idleRssMb);
  }, 120_000);
});
