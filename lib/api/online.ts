import { z } from "zod";

// Online store API: materialization, consistency checks and reading online rows (docs/online-store.md).

/** A feature value as served online: numbers, bigint as a decimal string, dates/timestamps as ISO strings. */
const ZOnlineValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.number())]);
export type TOnlineValue = z.infer<typeof ZOnlineValueSchema>;

// Upper bound on `sample` for a consistency check: beyond this, check every key (omit sample).
export const MAX_CHECK_SAMPLE = 10_000_000;

export const ZMaterializeSchema = z
  .object({
    start: z.iso.datetime({ offset: true }).optional().describe("Event time from (inclusive), ISO 8601"),
    end: z.iso.datetime({ offset: true }).optional().describe("Event time to (exclusive), ISO 8601"),
    incremental: z.boolean().default(false).describe("Only keys changed by commits since the last materialization"),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.start && value.end && Date.parse(value.start) >= Date.parse(value.end))
      ctx.addIssue({ code: "custom", path: ["end"], message: "must be after start" });
    if (value.incremental && (value.start || value.end))
      ctx.addIssue({ code: "custom", path: ["incremental"], message: "an incremental run takes no time range" });
  })
  .meta({ id: "Materialize" });
export type TMaterialize = z.input<typeof ZMaterializeSchema>;

export const ZOnlineCheckSchema = z
  .object({
    sample: z
      .number()
      .int()
      .min(1)
      .max(MAX_CHECK_SAMPLE)
      .optional()
      .describe("Check this many random keys; omit to check all"),
  })
  .strict()
  .meta({ id: "OnlineCheck" });

const ZOnlineRowSchema = z
  .object({
    key: z.record(z.string(), ZOnlineValueSchema),
    found: z.boolean(),
    eventTime: z.string().nullable(),
    values: z.record(z.string(), ZOnlineValueSchema).nullable(),
  })
  .meta({ id: "OnlineRow" });

export const ZOnlineRowsSchema = z
  .object({ store: z.enum(["redis", "postgres"]), rows: z.array(ZOnlineRowSchema) })
  .meta({ id: "OnlineRows" });
export type TOnlineRows = z.infer<typeof ZOnlineRowsSchema>;

const MISMATCH_KINDS = ["missing", "stale", "different", "unexpected"] as const;
export type TMismatchKind = (typeof MISMATCH_KINDS)[number];

const ZConsistencyReportSchema = z
  .object({
    keysChecked: z.number(),
    matching: z.number(),
    mismatches: z.object({ missing: z.number(), stale: z.number(), different: z.number(), unexpected: z.number() }),
    examples: z.array(
      z.object({
        kind: z.enum(MISMATCH_KINDS),
        key: z.record(z.string(), z.unknown()),
        offline: z.unknown(),
        online: z.unknown(),
      }),
    ),
    snapshotVersion: z.number(),
    checkedAt: z.string(),
  })
  .meta({ id: "OnlineConsistencyReport" });
export type TConsistencyReport = z.infer<typeof ZConsistencyReportSchema>;
