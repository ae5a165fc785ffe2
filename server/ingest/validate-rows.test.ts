import { describe, expect, it } from "vitest";
import { validateJsonRows } from "./validate-rows";
import { featureList } from "@/test/fixtures/test-project";

// Integer bounds of JSON rows: both ends of int (32-bit) and bigint (64-bit) are accepted, one past either end is
// refused naming the cell.

const features = featureList({ k: "bigint", i: "int", b: "bigint" });
const pathsOf = (rows: Record<string, unknown>[]) =>
  validateJsonRows({ rows, features, requiredColumns: ["k"] }).map((issue) => issue.path);

describe("JSON rows against int and bigint", () => {
  it("accepts the minimum and maximum of each type", () => {
    expect(
      pathsOf([
        { k: 1, i: -2147483648, b: "-9223372036854775808" },
        { k: 2, i: 2147483647, b: "9223372036854775807" },
        { k: 3, i: 0, b: Number.MIN_SAFE_INTEGER },
        { k: 4, i: -0, b: Number.MAX_SAFE_INTEGER },
      ]),
    ).toEqual([]);
  });

  it("refuses one past either end, and numbers that lost their digits, naming rows.i.column", () => {
    const issues = validateJsonRows({
      rows: [
        { k: 1, i: -2147483649, b: "-9223372036854775809" },
        { k: 2, i: 2147483648, b: "9223372036854775808" },
        { k: 3, i: 1.5, b: 2 ** 53 },
        { k: 4, i: "1", b: "99999999999999999999" },
      ],
      features,
      requiredColumns: ["k"],
    });
    expect(issues.map((issue) => issue.path)).toEqual([
      "rows.0.i",
      "rows.0.b",
      "rows.1.i",
      "rows.1.b",
      "rows.2.i",
      "rows.2.b",
      "rows.3.i",
      "rows.3.b",
    ]);
    expect(issues[0].message).toMatch(/32-bit integer \(-2147483648 to 2147483647\)/);
    expect(issues[1].message).toMatch(/64-bit integer/);
  });
});
