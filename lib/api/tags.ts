import { z } from "zod";
import { ZNameSchema } from "../names";

// Tag schemas, tags and keywords (docs/tags.md). Isomorphic: the API validates with these, the console builds its
// forms from them, and `validateTagValue` is the one check of a tag's value against its schema version.

export const TAG_FIELD_TYPES = ["string", "number", "boolean", "enum", "date", "list"] as const;

/** What tags attach to; a new kind (models) is added here and in the search index's `base` view. */
export const TAG_TARGET_KINDS = [
  "featureGroup",
  "feature",
  "featureView",
  "trainingDataset",
  "model",
  "dataSource",
] as const;
export type TTagTargetKind = (typeof TAG_TARGET_KINDS)[number];

const FIELD_NAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9_]*$/;
const MAX_TEXT = 500;
const MAX_ITEMS = 50;
const ZFieldNameSchema = z
  .string()
  .min(1)
  .max(63)
  .regex(FIELD_NAME_PATTERN, "must start with a letter and contain only letters, digits and underscores");

const ZTagFieldSchema = z
  .object({
    name: ZFieldNameSchema,
    type: z.enum(TAG_FIELD_TYPES),
    required: z.boolean().default(false),
    values: z.array(z.string().min(1).max(100)).min(1).max(100).optional(),
    description: z.string().max(MAX_TEXT).default(""),
  })
  .strict()
  .superRefine((field, context) => {
    if (field.type === "enum" && !field.values)
      context.addIssue({ code: "custom", path: ["values"], message: "an enum field lists its values" });
    if (field.type !== "enum" && field.values)
      context.addIssue({ code: "custom", path: ["values"], message: "only an enum field has values" });
    if (field.values && new Set(field.values).size !== field.values.length)
      context.addIssue({ code: "custom", path: ["values"], message: "values must be distinct" });
  });
export type TTagField = z.input<typeof ZTagFieldSchema>;

// What a schema version is, in the request that creates it and in the answers.
const TAG_SCHEMA_SHAPE = {
  name: ZNameSchema,
  description: z.string().max(MAX_TEXT).default(""),
  fields: z.array(ZTagFieldSchema).min(1).max(MAX_ITEMS),
};

export const ZCreateTagSchemaSchema = z
  .object({
    ...TAG_SCHEMA_SHAPE,
    /** The version to create; by default the next one. An existing version is never changed (409). */
    version: z.number().int().min(1).max(1_000_000).optional(),
  })
  .strict()
  .superRefine((input, context) => {
    const seen = new Set<string>();
    input.fields.forEach((field, index) => {
      if (seen.has(field.name))
        context.addIssue({ code: "custom", path: ["fields", index, "name"], message: "field names must be distinct" });
      seen.add(field.name);
    });
  })
  .meta({ id: "CreateTagSchema" });
export type TCreateTagSchema = z.input<typeof ZCreateTagSchemaSchema>;

export const ZTagSchemaSchema = z
  .object({ ...TAG_SCHEMA_SHAPE, version: z.number().int(), builtIn: z.boolean(), createdAt: z.string() })
  .meta({ id: "TagSchema" });
export type TTagSchema = z.input<typeof ZTagSchemaSchema>;
export const ZTagSchemaListSchema = z.object({ schemas: z.array(ZTagSchemaSchema) });

const ZTagInputSchema = z
  .object({
    schema: ZNameSchema,
    /** The schema version; by default the latest. */
    version: z.number().int().min(1).max(1_000_000).optional(),
    value: z.record(z.string().max(63), z.unknown()),
  })
  .strict();

const ZKeywordSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "must not be empty")
  .max(64)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} _.-]*$/u, "letters, digits, spaces, '_', '.' and '-' only");

export const ZPutLabelsSchema = z
  .object({
    tags: z.array(ZTagInputSchema).max(MAX_ITEMS).default([]),
    keywords: z.array(ZKeywordSchema).max(MAX_ITEMS).default([]),
  })
  .strict()
  .meta({ id: "PutTags", description: "The artifact's whole set of tags and keywords (replaces the previous set)" });
export type TPutLabels = z.input<typeof ZPutLabelsSchema>;

export const ZLabelsSchema = z
  .object({
    tags: z.array(
      z.object({
        schema: z.string(),
        version: z.number().int(),
        value: z.record(z.string(), z.unknown()),
        updatedBy: z.string().nullable(),
        updatedAt: z.string(),
      }),
    ),
    keywords: z.array(z.string()),
  })
  .meta({ id: "Tags" });
export type TLabels = z.input<typeof ZLabelsSchema>;

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

const fieldProblem = (field: TTagField, value: unknown): string | null => {
  switch (field.type) {
    case "string":
      return typeof value === "string" && value.length <= MAX_TEXT
        ? null
        : `must be a text of at most ${MAX_TEXT} characters`;
    case "number":
      return typeof value === "number" && Number.isFinite(value) ? null : "must be a number";
    case "boolean":
      return typeof value === "boolean" ? null : "must be true or false";
    case "enum":
      return typeof value === "string" && field.values!.includes(value)
        ? null
        : `must be one of ${field.values!.join(", ")}`;
    case "date":
      return typeof value === "string" && DATE_PATTERN.test(value) && !Number.isNaN(Date.parse(value))
        ? null
        : "must be a date (YYYY-MM-DD)";
    case "list":
      return Array.isArray(value) &&
        value.length <= MAX_ITEMS &&
        value.every((item) => typeof item === "string" && item.length > 0 && item.length <= 100)
        ? null
        : `must be a list of at most ${MAX_ITEMS} texts`;
  }
};

/** The issues of a tag value against its schema's fields, with paths relative to the value (`category`). */
export const validateTagValue = (
  fields: readonly TTagField[],
  value: Record<string, unknown>,
): { path: string; message: string }[] => {
  const issues: { path: string; message: string }[] = [];
  const known = new Map(fields.map((field) => [field.name, field]));
  for (const key of Object.keys(value))
    if (!known.has(key)) issues.push({ path: key, message: "is not a field of this schema" });
  for (const field of fields) {
    const present = value[field.name] !== undefined && value[field.name] !== null;
    if (!present) {
      if (field.required) issues.push({ path: field.name, message: "is required" });
      continue;
    }
    const problem = fieldProblem(field, value[field.name]);
    if (problem) issues.push({ path: field.name, message: problem });
  }
  return issues;
};
