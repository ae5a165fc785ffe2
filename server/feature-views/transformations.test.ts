import { describe, expect, it } from "vitest";
import { withDuckDb } from "../offline";
import { fitTransformations } from "./transformations";

// Re-creating a dataset must give bit-identical statistics, whatever order the joined rows landed in.

describe("fitting transformations", () => {
  it("gives bit-identical mean and standard deviation for the same rows stored in different orders", async () => {
    const fit = (order: string) =>
      withDuckDb({ threads: 2 }, async (connection) => {
        // 400 k rows (several row groups, so both threads aggregate) of values spanning many magnitudes.
        await connection.run(
          `CREATE TEMP TABLE rows AS SELECT range AS _larder_row, (hash(range) % 1000003) * pow(10, (hash(range, 7) % 12)::INT - 6) AS x FROM range(400000) ORDER BY ${order}`,
        );
        return fitTransformations({
          connection,
          relation: "rows",
          where: "TRUE",
          transformations: [{ feature: "x", type: "standard_scaler" }],
          orderBy: "_larder_row",
        });
      });
    const inOrder = await fit("_larder_row");
    const shuffled = await fit("hash(_larder_row, 3)");
    const reversed = await fit("_larder_row DESC");
    expect(inOrder.x).toMatchObject({ type: "standard_scaler" });
    expect((inOrder.x as { mean: number }).mean).toBeGreaterThan(0);
    expect(shuffled).toEqual(inOrder);
    expect(reversed).toEqual(inOrder);
  });
});
