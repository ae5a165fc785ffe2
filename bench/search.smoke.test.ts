import { describe, expect, it } from "vitest";
import { QUERY_CLASSES, runSearchBench } from "./search-bench";
import { expectFiniteFigures } from "./support/expect-figures";

// Keeps the search benchmark from rotting: the same seed, server and queries at a tiny scale, in the test's own
// database. Timings are reported, not asserted; what is asserted is that every query class finds something.
describe("bench:search (smoke)", () => {
  it("seeds the catalog, serves the queries over HTTP and reports its figures", async () => {
    const result = await runSearchBench(process.env.LARDER_TEST_OWNER_DATABASE_URL!, {
      projects: 2,
      groups: 80,
      featuresPerGroup: 20,
      tags: 200,
      iterations: 8,
    });
    expect(result.catalog.features).toBe(1_600);
    for (const q of Object.values(QUERY_CLASSES).flat()) expect(result.hits[q], q).toBeGreaterThan(0);
    expectFiniteFigures({
      baselineP95: result.baselineMe.p95Ms,
      ...Object.fromEntries(Object.entries(result.queries).map(([name, figures]) => [name, figures.p95Ms])),
      editWithIndex: result.edit.withIndex.p50Ms,
      editWithoutIndex: result.edit.withoutIndex.p50Ms,
    });
  }, 120_000);
});
