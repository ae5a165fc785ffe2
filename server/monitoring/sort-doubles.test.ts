import { describe, expect, it } from "vitest";
import { sortDoubles, sortScratch } from "./sort-doubles";

// The radix sort must give exactly the order of Float64Array.prototype.sort (the order metrics.ts's KS and
// Wasserstein-1 walk), NaN dropped and counted.

const reference = (values: Float64Array) => values.filter((value) => !Number.isNaN(value)).sort();
const same = (actual: Float64Array, expected: Float64Array) =>
  actual.length === expected.length && actual.every((value, index) => Object.is(value, expected[index]));

describe("sortDoubles", () => {
  it.each([
    ["empty", []],
    ["one value", [3.5]],
    ["signs, zeros and infinities", [2, -0, 0, -1.5, Infinity, -Infinity, 1e-300, -1e-300, 0, -0]],
    ["NaN among them", [NaN, 1, NaN, -1, 0]],
    ["only NaN", [NaN, NaN]],
    ["ties", [5, 5, 5, 1, 1, 5]],
    ["extremes", [Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, -Number.MIN_VALUE]],
  ])("%s", (_label, list) => {
    const values = Float64Array.from(list);
    const { sorted, nans } = sortDoubles(values);
    expect([...sorted]).toEqual([...reference(values)]);
    expect(same(sorted, reference(values))).toBe(true);
    expect(nans).toBe(list.filter((value) => Number.isNaN(value)).length);
  });

  it("sorts random doubles of every magnitude and sign like Float64Array.prototype.sort", () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 20; round += 1) {
      const values = Float64Array.from({ length: 5_000 }, () => {
        const kind = random();
        if (kind < 0.05) return NaN;
        if (kind < 0.1) return Math.round(random() * 10);
        return (random() - 0.5) * 10 ** Math.floor(random() * 40 - 20);
      });
      const { sorted, nans } = sortDoubles(values);
      expect(same(sorted, reference(values))).toBe(true);
      expect(nans).toBe(values.length - reference(values).length);
    }
  });

  it("sorts into the caller's own buffer with a reused work space, column after column", () => {
    const scratch = sortScratch(6);
    for (const list of [
      [3, NaN, -1, 2, 0, -0],
      [9, 8, 7],
      [1e300, -1e-300, NaN, NaN, 5, 5],
    ]) {
      const values = Float64Array.from(list);
      const { sorted, nans } = sortDoubles(values, { inPlace: true, scratch });
      expect(sorted.buffer).toBe(values.buffer);
      expect(same(sorted, reference(Float64Array.from(list)))).toBe(true);
      expect(nans).toBe(list.filter((value) => Number.isNaN(value)).length);
    }
  });

  it("leaves its input as it was", () => {
    const values = Float64Array.from([3, 1, 2]);
    sortDoubles(values);
    expect([...values]).toEqual([3, 1, 2]);
  });
});
