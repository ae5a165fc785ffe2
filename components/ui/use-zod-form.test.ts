import { describe, expect, it } from "vitest";
import {
  initialDatasetDraft,
  toCreateDatasetRequest,
  type TDatasetDraft,
} from "@/components/training-datasets/dataset-draft";
import { ZCreateTrainingDatasetSchema } from "@/lib/api/training-datasets";
import { ApiError } from "@/lib/client/api";
import { flattenFieldErrors } from "@/lib/client/form-errors";
import { showProblem, zodFormResolver, type TZodForm } from "./use-zod-form";

const resolverOptions = { fields: {}, shouldUseNativeValidation: false, criteriaMode: "firstError" } as const;

describe("zodFormResolver", () => {
  const resolve = zodFormResolver({ schema: ZCreateTrainingDatasetSchema, toRequest: toCreateDatasetRequest });
  const draft = (patch: Partial<TDatasetDraft["split"]>): TDatasetDraft => {
    const initial = initialDatasetDraft("fraud_model");
    return { ...initial, split: { ...initial.split, type: "random", ...patch } };
  };

  it("judges the request the form would send, with the API's schema and its paths", async () => {
    const result = await resolve(draft({ train: "0.7", validation: "0", test: "0.2" }), undefined, resolverOptions);
    expect(flattenFieldErrors(result.errors)).toEqual({
      split: "train + validation + test must add up to 1 (they add up to 0.9)",
    });
  });

  it("hands the parsed request to the submit when the schema accepts it", async () => {
    const result = await resolve(draft({ train: "0.8", validation: "0", test: "0.2" }), undefined, resolverOptions);
    expect(result.errors).toEqual({});
    expect(result.values).toMatchObject({ name: "fraud_model", split: { type: "random", train: 0.8, seed: 42 } });
  });
});

describe("showProblem", () => {
  // The parts of a react-hook-form form that showProblem uses, recording what it puts where.
  const formWith = (values: Record<string, unknown>) => {
    const placed: Record<string, string | undefined> = {};
    const form = {
      getValues: () => values,
      setError: (path: string, error: { message?: string }) => (placed[path] = error.message),
    } as unknown as TZodForm<Record<string, unknown>, unknown>;
    return { form, placed };
  };

  it("puts a 422's messages under the fields their paths start with, and the rest above the fields", () => {
    const { form, placed } = formWith({ name: "", features: [{ name: "x" }] });
    const error = new ApiError(422, "Unprocessable Content", "invalid", [
      { path: "features.0.name", message: "already exists" },
      { path: "primaryKey", message: "choose a key" },
    ]);
    showProblem({ form, error, fallback: "try again" });
    expect(placed).toEqual({ "features.0.name": "already exists", "root.server": "primaryKey: choose a key" });
  });

  it("shows a refusal that names no field above the fields", () => {
    const { form, placed } = formWith({ name: "cards" });
    showProblem({ form, error: new ApiError(409, "Conflict", "cards v1 already exists"), fallback: "try again" });
    expect(placed).toEqual({ "root.server": "cards v1 already exists" });
  });
});
