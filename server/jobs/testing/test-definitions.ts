import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { defineJob, PermanentJobError, type TJobDefinition } from "../define";
import { registerJobDefinition } from "../registry";

// Job types that exist only in tests (registered by the test files and the crash-test child process), so
// the product's definitions list holds nothing fake. Short retry delays keep the suite fast.
const FAST_RETRY = { retryDelaySeconds: 1, retryDelayMaxSeconds: 2 } as const;

const ZStepsSchema = z
  .object({ steps: z.number().int().min(1).max(1000), stepMs: z.number().int().min(0).max(5000) })
  .strict();

const runSteps = async ({
  steps,
  stepMs,
  progress,
  log,
  signal,
}: {
  steps: number;
  stepMs: number;
  progress: (u: { fraction: number; rowsProcessed?: number; message?: string }) => void;
  log: (level: "info", message: string) => Promise<void>;
  signal: AbortSignal;
}) => {
  for (let step = 1; step <= steps; step += 1) {
    await sleep(stepMs, undefined, { signal });
    progress({
      fraction: step / steps,
      rowsProcessed: step * 10,
      message: step === Math.ceil(steps / 2) ? "Halfway" : undefined,
    });
  }
  await log("info", `Processed ${steps * 10} rows`);
  return { rows: steps * 10 };
};

export const testProgressJob = defineJob({
  type: "test.progress",
  payloadSchema: ZStepsSchema,
  ...FAST_RETRY,
  run: async ({ payload, progress, log, signal }) => runSteps({ ...payload, progress, log, signal }),
});

export const testFlakyJob = defineJob({
  type: "test.flaky",
  payloadSchema: z.object({ failTimes: z.number().int().min(0) }).strict(),
  maxAttempts: 3,
  ...FAST_RETRY,
  run: async ({ payload, attempt }) => {
    if (attempt <= payload.failTimes) throw new Error(`transient failure on attempt ${attempt}`);
    return { attempt };
  },
});

export const testPermanentJob = defineJob({
  type: "test.permanent",
  payloadSchema: z.object({ file: z.string() }).strict(),
  maxAttempts: 3,
  ...FAST_RETRY,
  run: async ({ payload }) => {
    throw new PermanentJobError(`File '${payload.file}' does not exist`);
  },
});

export const testCancellableJob = defineJob({
  type: "test.cancellable",
  payloadSchema: z.object({}).strict(),
  ...FAST_RETRY,
  run: async ({ signal, log, progress }) => {
    progress({ fraction: 0.1, message: "Waiting to be cancelled" });
    try {
      await sleep(30_000, undefined, { signal });
    } catch (error) {
      await log("info", "Saw the abort signal");
      throw error;
    }
    return { finished: true };
  },
});

export const testCrashableJob = defineJob({
  type: "test.crashable",
  payloadSchema: ZStepsSchema,
  heartbeatSeconds: 10,
  ...FAST_RETRY,
  run: async ({ payload, progress, log, signal }) => runSteps({ ...payload, progress, log, signal }),
});

export const testScheduledJob = defineJob({
  type: "test.scheduled",
  payloadSchema: z.object({ note: z.string().max(100) }).strict(),
  schedulable: true,
  ...FAST_RETRY,
  run: async ({ payload }) => ({ note: payload.note }),
});

export const TEST_JOB_DEFINITIONS: TJobDefinition[] = [
  testProgressJob,
  testFlakyJob,
  testPermanentJob,
  testCancellableJob,
  testCrashableJob,
  testScheduledJob,
];

export const registerTestJobDefinitions = () => {
  for (const definition of TEST_JOB_DEFINITIONS) registerJobDefinition(definition);
};
