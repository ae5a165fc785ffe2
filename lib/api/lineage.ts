import { z } from "zod";
import { ZNameSchema } from "../names";

// Lineage (docs/lineage.md): the graph around an artifact, impact analysis, where PII goes, OpenLineage export.
// Isomorphic: the API validates with these and the console reads the same types.

/**
 * Node kinds. An edge end is (kind, id, column). `data_source` and `model` are the ends of the chain that the model
 * registry and data sources plug in (server/lineage/kinds.ts: a resolver per kind).
 */
export const LINEAGE_NODE_KINDS = [
  "data_source",
  "feature_group",
  "feature_view",
  "training_dataset",
  "model",
] as const;
export type TLineageNodeKind = (typeof LINEAGE_NODE_KINDS)[number];

export const LINEAGE_KIND_LABELS: Record<TLineageNodeKind, string> = {
  data_source: "Data source",
  feature_group: "Feature group",
  feature_view: "Feature view",
  training_dataset: "Training dataset",
  model: "Model",
};

/** The deepest a lineage request may look each way. */
export const LINEAGE_MAX_DEPTH = 10;

const ZVersionSchema = z.coerce.number().int().min(1).max(2_147_483_647);

/** Which artifact: its kind, name and version (`?kind=feature_view&name=fraud_view&version=1`). */
export const ZLineageTargetSchema = z
  .object({
    kind: z.enum(LINEAGE_NODE_KINDS),
    name: ZNameSchema,
    version: ZVersionSchema,
  })
  .strict();
export type TLineageTarget = z.infer<typeof ZLineageTargetSchema>;

export const ZLineageQuerySchema = ZLineageTargetSchema.extend({
  depth: z.coerce
    .number()
    .int()
    .min(1)
    .max(LINEAGE_MAX_DEPTH, `depth is at most ${LINEAGE_MAX_DEPTH}`)
    .default(1)
    .describe("How many edges to follow each way"),
  direction: z.enum(["both", "upstream", "downstream"]).default("both"),
}).strict();
export type TLineageQuery = z.output<typeof ZLineageQuerySchema>;

const ZPiiSourceSchema = z.string().describe("Where the PII comes from: `<feature group>.<feature>`");

const ZNodeStatusSchema = z.object({
  state: z.enum(["ok", "stale", "pending", "failed", "broken"]),
  message: z.string().nullable(),
});
export type TLineageNodeStatus = z.infer<typeof ZNodeStatusSchema>;

const ZLineageColumnSchema = z.object({
  name: z.string(),
  /** The PII sources reaching this column ([] when none). */
  pii: z.array(ZPiiSourceSchema),
});

const ZLineageNodeSchema = z.object({
  key: z.string().describe("`<kind>:<id>`"),
  kind: z.enum(LINEAGE_NODE_KINDS),
  id: z.string(),
  name: z.string(),
  version: z.number().int().nullable(),
  status: ZNodeStatusSchema,
  /** Edges from the root to it (negative: upstream). */
  distance: z.number().int(),
  columns: z.array(ZLineageColumnSchema),
  /** PII reaching the node: its columns' and, for column-less kinds, what flows in. */
  pii: z.array(ZPiiSourceSchema),
  /** It has edges beyond what the graph holds (expand to see them). */
  more: z.object({ upstream: z.boolean(), downstream: z.boolean() }),
});
export type TLineageNode = z.infer<typeof ZLineageNodeSchema>;

const ZLineageEdgeSchema = z.object({
  id: z.string(),
  from: z.string(),
  to: z.string(),
  fromColumn: z.string(),
  toColumn: z.string(),
  attributes: z.record(z.string(), z.unknown()),
  pii: z.array(ZPiiSourceSchema),
  deidentifying: z.boolean(),
  deidentifyingReason: z.string().nullable(),
});
export type TLineageEdge = z.infer<typeof ZLineageEdgeSchema>;

export const ZLineageGraphSchema = z.object({
  root: z.string(),
  depth: z.number().int(),
  nodes: z.array(ZLineageNodeSchema),
  edges: z.array(ZLineageEdgeSchema),
});
export type TLineageGraph = z.infer<typeof ZLineageGraphSchema>;

// ─── Declared parents of a derived feature group ──────────────────────────────────────────────────────────────────
export const ZLineageParentsSchema = z
  .object({
    parents: z
      .array(z.object({ name: ZNameSchema, version: z.number().int().min(1).max(2_147_483_647) }).strict())
      .max(32)
      .describe("The feature groups this one is derived from"),
  })
  .strict();
export type TLineageParents = z.output<typeof ZLineageParentsSchema>;

// ─── De-identifying edges ──────────────────────────────────────────────────────────────────────────────────────────
export const ZDeidentifyEdgeSchema = z
  .object({
    deidentifying: z.boolean(),
    reason: z.string().trim().max(500).default(""),
  })
  .strict()
  .superRefine((value, context) => {
    if (value.deidentifying && !value.reason)
      context.addIssue({
        code: "custom",
        path: ["reason"],
        message: "say how the edge de-identifies (hashed, aggregated …)",
      });
  });

// ─── Impact ───────────────────────────────────────────────────────────────────────────────────────────────────────
const ZLineageDependentSchema = z.object({
  kind: z.enum(LINEAGE_NODE_KINDS),
  id: z.string(),
  name: z.string(),
  version: z.number().int().nullable(),
  distance: z.number().int(),
  /** Reads of its values recorded in the audit log over the last 7 days (console vectors, batch data, files). */
  recentReads: z.number().int(),
  /** Vectors the feature server served from it over the last 7 days (online serving; feature views only, else 0). */
  servedVectors: z.number().int(),
});

export const ZLineageImpactSchema = z.object({
  target: z.object({
    kind: z.enum(LINEAGE_NODE_KINDS),
    id: z.string(),
    name: z.string(),
    version: z.number(),
    /** Vectors the feature server served from it over the last 7 days (a feature view; else 0). */
    servedVectors: z.number().int(),
  }),
  dependents: z.array(ZLineageDependentSchema),
  /** Monitoring configurations (drift monitors) on the artifact or on a dependent group or view. */
  monitors: z.array(
    z.object({
      name: z.string(),
      on: z.object({ kind: z.enum(LINEAGE_NODE_KINDS), name: z.string(), version: z.number().int() }),
    }),
  ),
  /** Names such as "feature view fraud_view v1, monitor fraud_drift", for messages. */
  summary: z.string(),
});
export type TLineageImpact = z.infer<typeof ZLineageImpactSchema>;

// ─── Where PII goes ───────────────────────────────────────────────────────────────────────────────────────────────
export const ZPiiFlowQuerySchema = z
  .object({
    group: ZNameSchema.optional().describe("Only PII from this feature group (with `feature`: one feature)"),
    feature: z.string().max(63).optional(),
  })
  .strict();
export type TPiiFlowQuery = z.input<typeof ZPiiFlowQuerySchema>;

const ZPiiFlowRowSchema = z.object({
  source: ZPiiSourceSchema,
  kind: z.enum(LINEAGE_NODE_KINDS),
  name: z.string(),
  version: z.number().int().nullable(),
  column: z.string(),
  readers: z.array(z.object({ actor: z.string(), reads: z.number().int(), lastReadAt: z.string() })),
});
export type TPiiFlowRow = z.infer<typeof ZPiiFlowRowSchema>;
export const ZPiiFlowSchema = z.object({ rows: z.array(ZPiiFlowRowSchema) });
export type TPiiFlow = z.infer<typeof ZPiiFlowSchema>;

/** The PII flow as CSV (RFC 4180 quoting), one line per column and reader. */
export const piiFlowCsv = (rows: TPiiFlowRow[]): string => {
  const cell = (value: string | number | null) => {
    const text = value === null ? "" : String(value);
    // A leading =, +, - or @ would be a formula in a spreadsheet: prefix it.
    const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
    return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  };
  const header = ["source", "kind", "name", "version", "column", "reader", "reads", "last_read_at"];
  const lines = rows.flatMap((row) => {
    const base = [row.source, row.kind, row.name, row.version, row.column];
    const readers = row.readers.length ? row.readers : [null];
    return readers.map((reader) =>
      [...base, reader?.actor ?? "", reader?.reads ?? 0, reader?.lastReadAt ?? ""].map(cell).join(","),
    );
  });
  return [header.join(","), ...lines].join("\r\n") + "\r\n";
};

// ─── OpenLineage export ───────────────────────────────────────────────────────────────────────────────────────────
export const ZOpenLineageExportSchema = z.object({
  events: z.array(z.record(z.string(), z.unknown())),
});

// ─── Forced delete ────────────────────────────────────────────────────────────────────────────────────────────────
/** `?force=true` on a delete that would break consumers: Owners only (`lineage:override`); dependents marked broken. */
export const ZForcedDeleteQuerySchema = z.object({
  force: z
    .enum(["true", "false"])
    .optional()
    .describe("Delete even though others depend on it (scope lineage:override): they stay, marked broken"),
});
