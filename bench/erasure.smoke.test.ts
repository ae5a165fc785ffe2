import { describe, expect, it } from "vitest";
import { runErasureBench } from "./erasure-bench";
import { expectFiniteFigures } from "./support/expect-figures";

// Keeps the erasure benchmark from rotting: the same code at a tiny scale. Timings are reported, not asserted; every
// key's row must be gone, only files holding one rewritten, and every older file and log entry purged.
describe("bench:erasure (smoke)", () => {
  it("erases keys from a table of several commits through the job in a worker process", async () => {
    const result = await runErasureBench({ rows: 20_000, commits: 5, keys: 10 });
    expect(result.rowsErased).toBe(10);
    expect(result.after).toMatchObject({ rowsOfErasedKeys: 0, rows: 19_990 });
    expect(result.files.rewritten).toBeGreaterThan(0);
    expect(result.files.rewritten).toBe(result.files.holdingKeys);
    expect(result.files.rewritten).toBeLessThanOrEqual(result.files.total);
    expect(result.files.after.data).toBe(result.files.total - result.files.rewritten + result.files.added);
    expectFiniteFigures({ endToEndSeconds: result.job.endToEndSeconds, runSeconds: result.job.runSeconds });
  }, 300_000);
});
