import { describe, expect, it } from "vitest";
import { runIngestBench } from "./ingest-bench";
import { expectFiniteFigures } from "./support/expect-figures";

// Keeps the ingest benchmark from rotting: the same code at a tiny scale. Timings are not asserted here
// (the benchmark reports them); what is asserted is that every scenario loads exactly the rows it should.
describe("bench:ingest (smoke)", () => {
  it("runs every scenario end to end and reports its figures", async () => {
    const result = await runIngestBench({ rows: 2_000, baseRows: 4_000, upsertRows: 1_000, csvBytes: 200_000 });
    expect(result.parquet.rowsReadable).toBe(2_000);
    expect(result.csv.rowsReadable).toBe(2_000);
    expect(result.upsert).toMatchObject({ rowsUpdated: 500, rowsInserted: 500, rowsAfter: 4_500 });
    expect(result.memory.rowsReadable).toBe(result.memory.csvRows);
    expectFiniteFigures({ workerPeakRssMb: result.memory.workerPeakRssMb });
    for (const scenario of [result.parquet, result.csv])
      expectFiniteFigures({ endToEndSeconds: scenario.endToEndSeconds, ratioToBareCopy: scenario.ratioToBareCopy });
  }, 120_000);
});
