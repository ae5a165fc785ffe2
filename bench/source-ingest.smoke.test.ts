import { describe, expect, it } from "vitest";
import { runSourceIngestBench } from "./source-ingest-bench";
import { expectFiniteFigures } from "./support/expect-figures";

// Keeps the source-ingest benchmark from rotting: the same code at a tiny scale (the source table in this worker's
// own database, read as its owner). Timings are not asserted; the rows each run loads are.
describe("bench:source-ingest (smoke)", () => {
  it("loads the table, then the rows after its watermark, and reports its figures", async () => {
    const result = await runSourceIngestBench({
      rows: 3_000,
      incrementalRows: 300,
      sourceUrl: process.env.LARDER_TEST_OWNER_DATABASE_URL,
    });
    expect(result.firstLoad).toMatchObject({ rowsRead: 3_000, batches: 1 });
    expect(result.incremental.rowsRead).toBe(300);
    expect(result.rowsReadable).toBe(3_300);
    expectFiniteFigures({
      copyToStdoutSeconds: result.copyToStdoutSeconds,
      endToEndSeconds: result.firstLoad.endToEndSeconds,
      readAndStageSeconds: result.firstLoad.readAndStageSeconds,
      workerPeakRssMb: result.workerPeakRssMb,
      readPeakRssMb: result.firstLoad.readPeakRssMb,
    });
  }, 180_000);
});
