import { describe, expect, it } from "vitest";
import { runValidationBench } from "./validation-bench";
import { expectFiniteFigures } from "./support/expect-figures";

// Keeps the validation benchmark from rotting: the same code at a tiny scale. Timings are not asserted (the
// benchmark reports them); what is asserted is that the suite ran on every checked ingest and passed the data.
describe("bench:validation (smoke)", () => {
  it("ingests with and without the 16-rule suite and reports the difference", async () => {
    const result = await runValidationBench({ rows: 1_000, baseRows: 5_000, repeats: 1 });
    expect(result).toMatchObject({ rules: 16, groupRows: 5_000, validationOutcome: "PASSED" });
    expectFiniteFigures({
      addedSeconds: result.addedSeconds,
      ratioToIngestWithoutSuite: result.ratioToIngestWithoutSuite,
      suiteEvaluationSeconds: result.suiteEvaluationSeconds,
    });
  }, 120_000);
});
