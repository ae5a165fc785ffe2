import { z } from "zod";
import { ZNameSchema } from "../names";

// Usage per project (docs/usage.md): what the `usage` job aggregated per day, project, subject and metric, for Owners
// (usage:read), billing systems (JSON or CSV) and administrators (every project).

/** The longest range one request or one job covers. */
const USAGE_MAX_DAYS = 366;
/** Days shown when a request names no range. */
const USAGE_DEFAULT_DAYS = 30;
const DAY_MS = 86_400_000;

const ZUsageDaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "a day as YYYY-MM-DD")
  .refine((day) => !Number.isNaN(Date.parse(day)) && new Date(day).toISOString().slice(0, 10) === day, "not a date");

/** Jobs' compute seconds are written as `jobs.seconds.<type>`; the other metrics are listed in docs/usage.md. */
export const JOB_SECONDS_PREFIX = "jobs.seconds.";

const USAGE_SUBJECT_KINDS = ["project", "featureGroup", "featureView"] as const;
const USAGE_FORMATS = ["json", "csv"] as const;

const dayOffset = (day: string, days: number) => new Date(Date.parse(day) + days * DAY_MS).toISOString().slice(0, 10);
export const usageToday = (now = Date.now()) => new Date(now).toISOString().slice(0, 10);

export const ZUsageQuerySchema = z
  .object({
    from: ZUsageDaySchema.optional().describe(`First day (UTC), default ${USAGE_DEFAULT_DAYS - 1} days before to`),
    to: ZUsageDaySchema.optional().describe("Last day (UTC, inclusive), default today"),
    format: z.enum(USAGE_FORMATS).default("json").describe("json, or csv (one row per day, subject and metric)"),
  })
  .strict()
  .transform((query) => {
    const to = query.to ?? usageToday();
    return { ...query, to, from: query.from ?? dayOffset(to, -(USAGE_DEFAULT_DAYS - 1)) };
  })
  .refine((query) => query.from <= query.to, { path: ["to"], message: "must not be before from" })
  .refine((query) => Date.parse(query.to) - Date.parse(query.from) < USAGE_MAX_DAYS * DAY_MS, {
    path: ["from"],
    message: `the range may span at most ${USAGE_MAX_DAYS} days`,
  });
export type TUsageQuery = z.output<typeof ZUsageQuerySchema>;

const ZUsageRowSchema = z.object({
  day: z.string(),
  subjectKind: z.enum(USAGE_SUBJECT_KINDS),
  subjectId: z.string(),
  subjectName: z.string(),
  metric: z.string(),
  value: z.number(),
});
export type TUsageRow = z.infer<typeof ZUsageRowSchema>;

const ZUsageShareSchema = z.object({
  id: z.string(),
  direction: z.enum(["out", "in"]),
  otherProject: z.string(),
  scope: z.enum(["ALL", "ITEMS"]),
  level: z.string(),
  status: z.string(),
  items: z.array(z.object({ kind: z.string(), name: z.string() })),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export const ZUsageReportSchema = z
  .object({
    project: z.string(),
    from: z.string(),
    to: z.string(),
    computedAt: z.string().nullable().describe("When the newest figure of the range was computed"),
    rows: z.array(ZUsageRowSchema),
    shares: z.array(ZUsageShareSchema).describe("Who shared what with whom (shares made and received)"),
  })
  .meta({ id: "UsageReport" });
export type TUsageReport = z.infer<typeof ZUsageReportSchema>;

export const ZAdminUsageReportSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    rows: z.array(ZUsageRowSchema.omit({ subjectKind: true }).extend({ project: z.string() })),
    projects: z.array(z.object({ project: z.string(), totals: z.record(z.string(), z.number()) })),
  })
  .meta({ id: "AdminUsageReport" });
export type TAdminUsageReport = z.infer<typeof ZAdminUsageReportSchema>;

const ZUsageRangeSchema = z
  .object({
    from: ZUsageDaySchema.optional().describe("First day to recompute (UTC), default yesterday"),
    to: ZUsageDaySchema.optional().describe("Last day to recompute (UTC), default today"),
  })
  .strict()
  .refine((run) => !run.from || !run.to || run.from <= run.to, { path: ["to"], message: "must not be before from" })
  .refine((run) => !run.from || !run.to || Date.parse(run.to) - Date.parse(run.from) < USAGE_MAX_DAYS * DAY_MS, {
    path: ["from"],
    message: `the range may span at most ${USAGE_MAX_DAYS} days`,
  });

/** A `usage` job's payload: the days to (re)compute. */
export const ZUsageRunSchema = ZUsageRangeSchema.meta({ id: "UsageRun" });

export const ZAdminUsageRunSchema = z
  .object({
    project: ZNameSchema.optional().describe("Only this project (default: every project)"),
    from: ZUsageDaySchema.optional().describe("First day to recompute (UTC), default yesterday"),
    to: ZUsageDaySchema.optional().describe("Last day to recompute (UTC), default today"),
  })
  .strict()
  .refine((run) => !run.from || !run.to || run.from <= run.to, { path: ["to"], message: "must not be before from" })
  .refine((run) => !run.from || !run.to || Date.parse(run.to) - Date.parse(run.from) < USAGE_MAX_DAYS * DAY_MS, {
    path: ["from"],
    message: `the range may span at most ${USAGE_MAX_DAYS} days`,
  })
  .meta({ id: "AdminUsageRun" });
export type TAdminUsageRun = z.output<typeof ZAdminUsageRunSchema>;

export const ZAdminUsageRunResultSchema = z
  .object({ jobs: z.array(z.object({ project: z.string(), jobId: z.string() })) })
  .meta({ id: "AdminUsageRunResult" });
export type TAdminUsageRunResult = z.infer<typeof ZAdminUsageRunResultSchema>;
