import { describe, expect, it } from "vitest";
import { ZAppendFeaturesSchema } from "@/lib/api/feature-groups";
import { ApiError } from "./api";
import { fieldMessagesOf, flattenFieldErrors, messageAt, problemSummary } from "./form-errors";

const unprocessable = (errors: { path: string; message: string }[]) =>
  new ApiError(422, "Unprocessable Content", "The request body is invalid.", errors);

describe("fieldMessagesOf", () => {
  it("keys the API's problem+json errors by their full path, the first message per path", () => {
    const error = unprocessable([
      { path: "features.2.type", message: "unknown type" },
      { path: "features.2.type", message: "second message" },
      { path: "name", message: "must be lowercase" },
    ]);
    expect(fieldMessagesOf(error)).toEqual({ "features.2.type": "unknown type", name: "must be lowercase" });
  });

  it("gives a client-side parse with the API's schema the same paths the server would send", () => {
    const parsed = ZAppendFeaturesSchema.safeParse({
      features: [
        { name: "ok", type: "int" },
        { name: "Bad Name", type: "int" },
      ],
    });
    expect(parsed.success).toBe(false);
    expect(Object.keys(fieldMessagesOf(parsed.error))).toEqual(["features.1.name"]);
  });

  it("finds nothing in errors that are not validation errors", () => {
    expect(fieldMessagesOf(new Error("network down"))).toEqual({});
    expect(fieldMessagesOf(new ApiError(409, "Conflict", "exists"))).toEqual({});
  });
});

describe("messageAt", () => {
  it("finds a message at the path or below it, but not at a sibling that shares a prefix", () => {
    const messages = { "primaryKey.1": "not a key type", payloads: "wrong" };
    expect(messageAt(messages, "primaryKey")).toBe("not a key type");
    expect(messageAt(messages, "payload")).toBeUndefined();
  });
});

describe("flattenFieldErrors", () => {
  it("flattens react-hook-form's error tree by path and never walks into the DOM reference", () => {
    const element: Record<string, unknown> = { tagName: "INPUT" };
    element.self = element; // a DOM node refers back to itself; walking it would never end
    const tree = {
      name: { type: "too_small", message: "must not be empty", ref: element },
      features: [undefined, { type: { type: "server", message: "unknown type", ref: element } }],
      spine: { root: { type: "custom", message: "choose a spine" } },
    };
    expect(flattenFieldErrors(tree)).toEqual({
      name: "must not be empty",
      "features.1.type": "unknown type",
      spine: "choose a spine",
    });
  });
});

describe("problemSummary", () => {
  const isField = (name: string) => ["name", "features"].includes(name);
  const fallback = "try again";

  it("says nothing above the fields when every message has its field", () => {
    const error = unprocessable([{ path: "features.0.name", message: "taken" }]);
    expect(problemSummary({ error, isField, fallback })).toBeNull();
  });

  it("lists the messages no field shows, with their paths", () => {
    const error = unprocessable([
      { path: "name", message: "taken" },
      { path: "payload.featureGroupId", message: "not found" },
    ]);
    expect(problemSummary({ error, isField, fallback })).toBe("payload.featureGroupId: not found");
  });

  it("shows the problem's detail when the API named no field, and the fallback when it did not answer", () => {
    expect(problemSummary({ error: new ApiError(409, "Conflict", "name is taken"), isField, fallback })).toBe(
      "name is taken",
    );
    expect(problemSummary({ error: new ApiError(403, "Forbidden", undefined), isField, fallback })).toBe("Forbidden");
    expect(problemSummary({ error: new TypeError("Failed to fetch"), isField, fallback })).toBe("try again");
  });
});
