import { z } from "zod";
import { ZNameSchema } from "../names";

// Feature groups: request and response schemas shared by routes, console forms and the OpenAPI document.

export const FEATURE_TYPES = [
  "int",
  "bigint",
  "float",
  "double",
  "string",
  "boolean",
  "date",
  "timestamp",
  "array<float>",
] as const;
export const ZFeatureTypeSchema = z.enum(FEATURE_TYPES);
export type TFeatureType = z.infer<typeof ZFeatureTypeSchema>;
/** Types an event-time column may have: a point in time. */
export const EVENT_TIME_TYPES: readonly TFeatureType[] = ["timestamp", "date", "bigint"];
const MAX_FEATURES = 1000;

// Feature (column) names follow the same rule as other names: they become Parquet column and online keys.
// These are DuckDB's virtual columns of a Parquet scan, which the offline store reads (row ids of the
// point-in-time join); a stored column of the same name would hide them (server/offline/scan.ts).
const RESERVED_FEATURE_NAMES = ["file_index", "file_row_number", "filename"] as const;
const ZFeatureNameSchema = ZNameSchema.refine((name) => !(RESERVED_FEATURE_NAMES as readonly string[]).includes(name), {
  message: `is reserved: ${RESERVED_FEATURE_NAMES.join(", ")} are names the offline store reads itself`,
});

// A partition key names the Hive directories of the Delta table (`<key>=<value>/`); Delta readers and vacuum skip
// directories starting with "_" or "." as hidden, so such a key would hide its own data (kept even if the name
// rule above is ever relaxed).
const ZPartitionKeySchema = ZFeatureNameSchema.refine((name) => !/^[_.]/.test(name), {
  message: "must not start with _ or . (Delta readers treat such directories as hidden)",
});

const ZFeatureDefinitionSchema = z
  .object({ name: ZFeatureNameSchema, type: ZFeatureTypeSchema, description: z.string().max(2000).default("") })
  .strict();

/** A feature group's time to live in seconds (at most a century; null: values never expire). */
const ZTtlSecondsSchema = z
  .number()
  .int()
  .min(1)
  .max(100 * 365 * 86400)
  .nullable()
  .optional();

export const ZCreateFeatureGroupSchema = z
  .object({
    name: ZNameSchema,
    version: z.number().int().min(1).max(100_000).optional().describe("Omit for the next version"),
    description: z.string().max(5000).default(""),
    primaryKey: z.array(ZFeatureNameSchema).min(1, "name at least one primary-key column").max(8),
    eventTime: ZFeatureNameSchema.nullable().optional(),
    partitionKey: ZPartitionKeySchema.nullable().optional(),
    onlineEnabled: z.boolean().default(false),
    ttlSeconds: ZTtlSecondsSchema.describe(
      "Values older than this are treated as missing (point-in-time joins, online serving)",
    ),
    features: z.array(ZFeatureDefinitionSchema).min(1, "define at least one feature").max(MAX_FEATURES),
    parents: z
      .array(z.object({ name: ZNameSchema, version: z.number().int().min(1).max(2_147_483_647) }).strict())
      .max(32)
      .default([])
      .describe("A derived group's parents: the feature groups it is computed from (lineage, docs/lineage.md)"),
  })
  .strict()
  .superRefine((value, ctx) => {
    const byName = new Map<string, TFeatureType>();
    value.features.forEach((feature, index) => {
      if (byName.has(feature.name))
        ctx.addIssue({
          code: "custom",
          path: ["features", index, "name"],
          message: `duplicate feature '${feature.name}'`,
        });
      byName.set(feature.name, feature.type);
    });
    // A key column must be one of the features, of a type `problem` accepts (it returns null then).
    const checkColumn = (path: (string | number)[], column: string, problem: (type: TFeatureType) => string | null) => {
      const type = byName.get(column);
      const message = type ? problem(type) : `'${column}' is not one of the features`;
      if (message) ctx.addIssue({ code: "custom", path, message });
    };
    value.primaryKey.forEach((column, index) =>
      checkColumn(["primaryKey", index], column, (type) =>
        type === "array<float>" || type === "float" || type === "double"
          ? `a primary key cannot be of type ${type}`
          : null,
      ),
    );
    if (new Set(value.primaryKey).size !== value.primaryKey.length)
      ctx.addIssue({ code: "custom", path: ["primaryKey"], message: "columns must be distinct" });
    if (value.eventTime)
      checkColumn(["eventTime"], value.eventTime, (type) =>
        EVENT_TIME_TYPES.includes(type) ? null : `must be of type ${EVENT_TIME_TYPES.join(", ")} (is ${type})`,
      );
    if (value.partitionKey)
      checkColumn(["partitionKey"], value.partitionKey, (type) =>
        type === "array<float>" || type === "float" || type === "double" || type === "timestamp"
          ? `cannot partition by a ${type} column`
          : null,
      );
  })
  .meta({ id: "CreateFeatureGroup" });
export type TCreateFeatureGroup = z.input<typeof ZCreateFeatureGroupSchema>;

const ZFeatureSchema = z
  .object({
    name: z.string(),
    type: ZFeatureTypeSchema,
    description: z.string(),
    isPrimaryKey: z.boolean(),
    isEventTime: z.boolean(),
    isPartitionKey: z.boolean(),
    defaultValue: z.unknown().nullable(),
  })
  .meta({ id: "Feature" });

/** The fields a feature group, feature view and training dataset answer with first… */
export const VERSIONED_OBJECT_FIELDS = {
  id: z.string(),
  name: z.string(),
  version: z.number().int(),
  description: z.string(),
};
/** A shared item's home project, in the receiver's catalog lists (docs/sharing.md); null for the reader's own items. */
export const ZSharedFromSchema = z
  .object({
    project: z.string().describe("The home project's name"),
    level: z.enum(["READ", "READ_WRITE"]),
    shareId: z.string(),
  })
  .nullable()
  .meta({ id: "SharedFrom", description: "Set when the item is another project's, shared with this one" });
/** …and last: when, and by whom (null: the system, or a user since deleted), the version was created. */
export const CREATED_FIELDS = { createdAt: z.string(), createdBy: z.string().nullable() };
/** A list of versioned objects as a list operation answers it, `{ <key>: [object, …] }`, named `id` in OpenAPI. */
export const versionedListSchema = <K extends string, T extends z.ZodType>(key: K, object: T, id: string) =>
  z.object({ [key]: z.array(object) } as { [P in K]: z.ZodArray<T> }).meta({ id });

export const ZFeatureGroupSchema = z
  .object({
    ...VERSIONED_OBJECT_FIELDS,
    primaryKey: z.array(z.string()),
    eventTime: z.string().nullable(),
    partitionKey: z.string().nullable(),
    onlineEnabled: z.boolean(),
    ttlSeconds: z.number().int().nullable(),
    features: z.array(ZFeatureSchema),
    rowCount: z.number(),
    commitCount: z.number().int(),
    deltaVersion: z.number().int().describe("Latest Delta table version (-1 before the first commit)"),
    lastCommitAt: z.string().nullable(),
    onlineOutOfSyncSince: z
      .number()
      .int()
      .nullable()
      .describe(
        "The earliest commit whose write to the online store failed (null: in sync); a retried online sync repairs it",
      ),
    statisticsCompleteness: z
      .number()
      .nullable()
      .describe("Non-null values over rows × features in the latest described commit (null: no statistics yet)"),
    sharedFrom: ZSharedFromSchema,
    ...CREATED_FIELDS,
  })
  .meta({ id: "FeatureGroup" });
export type TFeatureGroup = z.infer<typeof ZFeatureGroupSchema>;

export const ZUpdateFeatureGroupSchema = z
  .object({
    description: z.string().max(5000).optional(),
    ttlSeconds: ZTtlSecondsSchema,
    features: z
      .array(z.object({ name: ZFeatureNameSchema, description: z.string().max(2000) }).strict())
      .optional()
      .describe("Feature descriptions to change"),
  })
  .strict()
  .meta({ id: "UpdateFeatureGroup" });

export const ZAppendFeaturesSchema = z
  .object({
    features: z
      .array(
        z
          .object({
            name: ZFeatureNameSchema,
            type: ZFeatureTypeSchema,
            description: z.string().max(2000).default(""),
            defaultValue: z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.number())]).default(null),
          })
          .strict(),
      )
      .min(1)
      .max(MAX_FEATURES),
  })
  .strict()
  .meta({ id: "AppendFeatures" });

export const ZCommitSchema = z
  .object({
    id: z.string(),
    version: z.number().int(),
    committedAt: z.string(),
    operation: z.string(),
    rowsInserted: z.number(),
    rowsUpdated: z.number(),
    rowsDeleted: z.number(),
    jobId: z.string().nullable(),
    user: z.string().nullable(),
  })
  .meta({ id: "Commit" });
export type TCommit = z.infer<typeof ZCommitSchema>;

// A key typed into the Data tab's filter: compared as text, so bigint keys above 2^53 match exactly.
const MAX_KEY_FILTER_LENGTH = 256;

/** The preview's query: time travel (asOfVersion or asOfTime), a filter on one key column, a sort. */
export const ZPreviewQuerySchema = z
  .object({
    asOfVersion: z.coerce.number().int().min(0).optional(),
    asOfTime: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    key: z
      .string()
      .min(1)
      .max(MAX_KEY_FILTER_LENGTH)
      .optional()
      .describe("Only rows whose key column (keyColumn) equals this value, compared as text"),
    keyColumn: ZNameSchema.optional().describe(
      "The primary-key column `key` filters on (default: the first primary-key column)",
    ),
    sort: ZNameSchema.optional().describe(
      "A column of the group to sort by (default: event time, then the primary key)",
    ),
    order: z.enum(["asc", "desc"]).default("asc"),
  })
  .refine((value) => !(value.asOfVersion !== undefined && value.asOfTime !== undefined), {
    message: "pass asOfVersion or asOfTime, not both",
    path: ["asOfTime"],
  })
  .refine((value) => value.keyColumn === undefined || value.key !== undefined, {
    message: "keyColumn needs a key to filter on",
    path: ["keyColumn"],
  });

export const ZChangesQuerySchema = z.object({
  fromVersion: z.coerce.number().int().min(0).describe("Changes made after this commit…"),
  toVersion: z.coerce.number().int().min(0).optional().describe("…up to and including this one (default: latest)"),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const ZPreviewSchema = z
  .object({
    version: z.number().int(),
    columns: z.array(z.object({ name: z.string(), type: z.string() })),
    rows: z.array(z.record(z.string(), z.unknown())),
    rowCount: z.number().int().describe("Rows at this commit that match the key filter (all of them without one)"),
  })
  .meta({ id: "Preview" });

// One JSON insert request is bounded (LARDER_MAX_JSON_BYTES for its bytes); larger loads go through uploads.
const MAX_JSON_ROWS = 10_000;
export const ZInsertSchema = z
  .object({
    rows: z
      .array(z.record(z.string(), z.unknown()))
      .min(1, "send at least one row")
      .max(MAX_JSON_ROWS, `at most ${MAX_JSON_ROWS} rows per request; upload a file for more`)
      .optional(),
    uploadId: z.string().max(100).optional(),
  })
  .strict()
  .refine((value) => Boolean(value.rows) !== Boolean(value.uploadId), {
    message: "send either rows or uploadId",
    path: ["rows"],
  })
  .meta({ id: "Insert" });

export const ZDeleteRowsSchema = z
  .object({
    keys: z
      .array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])))
      .min(1)
      .max(MAX_JSON_ROWS),
  })
  .strict()
  .meta({ id: "DeleteRows" });

export const UPLOAD_FORMATS = ["csv", "parquet", "jsonl"] as const;
export const ZUploadSchema = z
  .object({
    id: z.string(),
    fileName: z.string(),
    format: z.enum(UPLOAD_FORMATS),
    sizeBytes: z.number(),
    inferredFeatures: z.array(z.object({ name: z.string(), type: ZFeatureTypeSchema, sourceName: z.string() })),
    suggestedPrimaryKey: z.array(z.string()),
    suggestedEventTime: z.string().nullable(),
    sampleRows: z.array(z.record(z.string(), z.unknown())),
  })
  .meta({ id: "Upload" });
export type TUpload = z.infer<typeof ZUploadSchema>;

export const ZFeatureGroupListQuerySchema = z.object({
  q: z.string().max(200).optional(),
  onlineEnabled: z.enum(["true", "false"]).optional(),
  sort: z.enum(["name", "updated", "rows"]).default("name"),
});
