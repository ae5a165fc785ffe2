import { describe, expect, it } from "vitest";
import { pointInTimeSelector, toLocalDateTime } from "./history";

// The console's "point in time" side of a definition diff: what the user types in local time becomes the API's
// `v<version>@<UTC instant>` selector, and an instant shown in the field reads back as the same instant.
describe("point-in-time selectors", () => {
  it("turn a local date and time into the same instant in UTC", () => {
    const local = "2026-12-01T10:30:15";
    const selector = pointInTimeSelector(3, local);
    expect(selector).toBe(`v3@${new Date(local).toISOString()}`);
    expect(toLocalDateTime(new Date(selector!.split("@")[1]))).toBe(local);
    expect(pointInTimeSelector(1, "2026-12-01T10:30")).toBe(`v1@${new Date("2026-12-01T10:30").toISOString()}`);
  });

  it("are null until the field holds a whole date and time", () => {
    for (const partial of ["", "2026-12-01", "2026-12-01T", "2026-13-45T99:99", "yesterday"])
      expect(pointInTimeSelector(1, partial), partial).toBeNull();
  });
});
