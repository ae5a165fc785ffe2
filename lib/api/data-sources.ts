import { z } from "zod";
import { ZNameSchema } from "../names";
import { FEATURE_TYPES } from "./feature-groups";

// Data sources (docs/data-sources.md): a PostgreSQL table or query (its password encrypted at rest, never
// answered), or a Parquet/CSV file under a directory an administrator allows. Feature groups are created from them
// (schema inferred) and filled by the `source-ingest` job, incrementally by a watermark column.

const IDENT = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;
const ZTableSchema = z
  .string()
  .max(127)
  .refine(
    (text) => {
      const parts = text.split(".");
      return parts.length <= 2 && parts.every((part) => IDENT.test(part));
    },
    { message: "a table name, optionally schema-qualified (public.transactions)" },
  );

const ZConnectionSchema = z
  .object({
    host: z
      .string()
      .min(1)
      .max(253)
      .regex(/^[A-Za-z0-9.\-:[\]]+$/, "a host name or IP address"),
    port: z.number().int().min(1).max(65535).default(5432),
    database: z.string().min(1).max(63),
    user: z.string().min(1).max(63),
    password: z.string().max(1000).default(""),
  })
  .strict();

const SHARED = { name: ZNameSchema, description: z.string().max(5000).default("") };

export const ZCreateDataSourceSchema = z
  .discriminatedUnion("kind", [
    z
      .object({
        ...SHARED,
        kind: z.literal("postgres"),
        connection: ZConnectionSchema,
        table: ZTableSchema.optional(),
        query: z.string().min(1).max(20_000).optional().describe("A SELECT; its rows are the source's rows"),
      })
      .strict(),
    z
      .object({
        ...SHARED,
        kind: z.literal("file"),
        path: z.string().min(1).max(1000).describe("An absolute path under a directory in LARDER_SOURCE_DIRS"),
        format: z.enum(["csv", "parquet"]).optional().describe("Default: from the file name"),
      })
      .strict(),
  ])
  .superRefine((input, context) => {
    if (input.kind === "postgres" && Boolean(input.table) === Boolean(input.query))
      context.addIssue({ code: "custom", path: ["table"], message: "give either a table or a query" });
  })
  .meta({ id: "CreateDataSource" });
export type TCreateDataSource = z.input<typeof ZCreateDataSourceSchema>;

const ZColumnSchema = z.object({ name: z.string(), sourceName: z.string(), type: z.enum(FEATURE_TYPES) });
export type TSourceColumn = z.infer<typeof ZColumnSchema>;

export const ZDataSourceSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    kind: z.enum(["postgres", "file"]),
    connection: z
      .object({
        host: z.string(),
        port: z.number().int(),
        database: z.string(),
        user: z.string(),
        hasPassword: z.boolean(),
      })
      .nullable(),
    table: z.string().nullable(),
    query: z.string().nullable(),
    path: z.string().nullable(),
    format: z.enum(["csv", "parquet"]).nullable(),
    columns: z.array(ZColumnSchema),
    featureGroups: z.array(
      z.object({
        name: z.string(),
        version: z.number().int(),
        watermarkColumn: z.string().nullable(),
        lastWatermark: z.string().nullable(),
        lastIngestAt: z.string().nullable(),
      }),
    ),
    createdAt: z.string(),
    createdBy: z.string().nullable(),
  })
  .meta({ id: "DataSource" });
export type TDataSource = z.infer<typeof ZDataSourceSchema>;

export const ZDataSourceListSchema = z
  .object({ dataSources: z.array(ZDataSourceSchema) })
  .meta({ id: "DataSourceList" });

export const ZFeatureGroupFromSourceSchema = z
  .object({
    name: ZNameSchema,
    version: z.number().int().min(1).max(100_000).optional(),
    description: z.string().max(5000).default(""),
    primaryKey: z.array(ZNameSchema).min(1).max(8),
    eventTime: ZNameSchema.optional(),
    onlineEnabled: z.boolean().default(false),
    ttlSeconds: z.number().int().positive().max(3_153_600_000).optional(),
    watermarkColumn: ZNameSchema.optional().describe(
      "A column that grows with new rows (an updated_at, a serial id): each ingest reads only rows after the last one read",
    ),
    ingest: z.boolean().default(true).describe("Queue a first ingest at once"),
  })
  .strict()
  .meta({ id: "FeatureGroupFromSource" });
export type TFeatureGroupFromSource = z.input<typeof ZFeatureGroupFromSourceSchema>;
