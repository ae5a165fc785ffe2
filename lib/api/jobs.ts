import { z } from "zod";

// Request and response schemas of the job API (/api/v1/projects/{project}/jobs, …/job-schedules): shared
// by the route handlers, the console and the OpenAPI document.

export const JOB_STATUSES = ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"] as const;
const ZJobStatusSchema = z.enum(JOB_STATUSES);
export type TJobStatus = z.infer<typeof ZJobStatusSchema>;

/** A job has finished for good in these states; retry starts a new attempt from them. */
export const TERMINAL_JOB_STATUSES: readonly TJobStatus[] = ["SUCCEEDED", "FAILED", "CANCELLED"];

const JOB_LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
const ZJobLogLevelSchema = z.enum(JOB_LOG_LEVELS);
export type TJobLogLevel = z.infer<typeof ZJobLogLevelSchema>;

// A job type names what the job does ("ingest", "training-dataset", "statistics.compute").
export const JOB_TYPE_PATTERN = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)*$/;
const ZJobTypeSchema = z
  .string()
  .max(100)
  .regex(JOB_TYPE_PATTERN, "must be a job type such as 'ingest' or 'statistics.compute'");

export const ZJobSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    status: ZJobStatusSchema,
    progress: z.number().describe("0 to 1"),
    rowsProcessed: z.number().int(),
    attempts: z.number().int().describe("Attempts started so far"),
    maxAttempts: z.number().int(),
    payload: z.unknown(),
    result: z.unknown().nullable(),
    error: z.string().nullable(),
    featureGroupId: z.string().nullable(),
    scheduleId: z.string().nullable(),
    createdById: z.string().nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    cancelRequestedAt: z.string().nullable(),
    cancelRefusal: z
      .string()
      .nullable()
      .describe(
        "Set once the job passed its point of no return (an erasure deleting): cancelling is refused with this",
      ),
  })
  .meta({ id: "Job" });
export type TJob = z.infer<typeof ZJobSchema>;

/** What an operation that queues work answers (202): the job to poll. */
export const ZEnqueuedJobSchema = z.object({ job: ZJobSchema }).meta({ id: "EnqueuedJob" });

export const ZJobPageSchema = z
  .object({
    jobs: z.array(ZJobSchema),
    nextCursor: z.string().nullable().describe("Pass as `cursor` for the next (older) page"),
  })
  .meta({ id: "JobPage" });
export type TJobPage = z.infer<typeof ZJobPageSchema>;

const STATUS_LIST_PATTERN = new RegExp(`^(${JOB_STATUSES.join("|")})(,(${JOB_STATUSES.join("|")}))*$`);

export const ZJobListQuerySchema = z
  .object({
    status: z
      .string()
      .regex(STATUS_LIST_PATTERN, `must be one or more of ${JOB_STATUSES.join(", ")}, comma-separated`)
      .transform((value) => value.split(",") as TJobStatus[])
      .optional(),
    type: z.string().max(100).optional(),
    featureGroupId: z.string().max(100).optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export type TJobListQuery = z.infer<typeof ZJobListQuerySchema>;

const ZJobLogSchema = z
  .object({ id: z.number().int(), at: z.string(), level: ZJobLogLevelSchema, message: z.string() })
  .meta({ id: "JobLog" });
export type TJobLog = z.infer<typeof ZJobLogSchema>;

export const ZJobLogQuerySchema = z
  .object({
    after: z.coerce
      .number()
      .int()
      .min(0)
      .optional()
      .describe("Return only log lines with a greater id (the last id you have)"),
    limit: z.coerce.number().int().min(1).max(1000).default(500),
  })
  .strict();
export type TJobLogQuery = z.infer<typeof ZJobLogQuerySchema>;

export const ZJobLogPageSchema = z
  .object({
    logs: z.array(ZJobLogSchema),
    lastId: z
      .number()
      .int()
      .nullable()
      .describe("Pass as `after` to tail: the id of the last line returned, or your `after` if none"),
    status: ZJobStatusSchema.describe("The job's status now, so a tail knows when to stop"),
  })
  .meta({ id: "JobLogPage" });
export type TJobLogPage = z.infer<typeof ZJobLogPageSchema>;

// Five fields (minute hour day-of-month month day-of-week), evaluated in UTC. Checked for meaning on the server.
const ZCronSchema = z
  .string()
  .trim()
  .max(200)
  .refine(
    (value) => value.split(/\s+/).length === 5,
    "must be a 5-field cron expression (minute hour day-of-month month day-of-week), e.g. '0 3 * * *'",
  );

const ZJobPayloadSchema = z.record(z.string(), z.unknown()).describe("Validated against the job type's payload schema");

export const ZJobScheduleSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    cron: z.string(),
    timezone: z.literal("UTC"),
    payload: z.unknown(),
    enabled: z.boolean(),
    createdById: z.string().nullable(),
    createdAt: z.string(),
    lastRunAt: z.string().nullable(),
    nextRunAt: z.string().nullable().describe("Next firing while enabled"),
  })
  .meta({ id: "JobSchedule" });
export type TJobSchedule = z.infer<typeof ZJobScheduleSchema>;

export const ZCreateJobScheduleSchema = z
  .object({
    type: ZJobTypeSchema,
    cron: ZCronSchema,
    payload: ZJobPayloadSchema.default({}),
    enabled: z.boolean().default(true),
  })
  .strict()
  .meta({ id: "CreateJobSchedule" });
export type TCreateJobSchedule = z.input<typeof ZCreateJobScheduleSchema>;

export const ZUpdateJobScheduleSchema = z
  .object({ cron: ZCronSchema.optional(), payload: ZJobPayloadSchema.optional(), enabled: z.boolean().optional() })
  .strict()
  .refine((value) => Object.keys(value).length > 0, "name at least one of cron, payload, enabled")
  .meta({ id: "UpdateJobSchedule" });
export type TUpdateJobSchedule = z.input<typeof ZUpdateJobScheduleSchema>;

export const ZJobScheduleListSchema = z
  .object({ schedules: z.array(ZJobScheduleSchema) })
  .meta({ id: "JobScheduleList" });
