import "server-only";
import { REQUEST_KEYS_COLUMN } from "./served-vector-table";
import type { Prisma } from "../db/generated/client";
import { db } from "../db/client";
import { featureViewWhere } from "../access-where";
import { getEnv } from "../env";
import { servedVectorsJobContract } from "../jobs/contracts";
import { insertJob } from "../jobs/enqueue";
import type { TEntityRead } from "./assemble";
import { emptyLatencyBuckets, latencyBucketOf } from "./latency";
import type { TServingPlan } from "./plan";

// Serving observability, off the request path (docs/serving-observability.md). A request only adds to in-memory
// counters of its view and minute and, for the sampled share of its vectors, copies their values into a bounded
// buffer. A timer flushes both every LARDER_SERVING_FLUSH_SECONDS: counters become ServingMetricMinute rows, sampled
// vectors ServedVectorLog rows plus a `served-vectors` job that moves them to the view's offline table. A flush that
// fails (registry down) is logged and its data dropped: serving never waits for it and never fails because of it.

/** Sampled vectors held between flushes at most; beyond, new samples are counted as dropped. */
const MAX_BUFFERED_VECTORS = 20_000;
const PRUNE_EVERY_MS = 60 * 60_000;
const MINUTE_MS = 60_000;

type TServingObservation = {
  plan: TServingPlan;
  /** HTTP status of the answer. */
  status: number;
  seconds: number;
  /** The vectors answered (only on success). */
  reads?: readonly TEntityRead[];
  /** When it was answered (default now); the demo replays traffic into past minutes. */
  at?: number;
};

type TMinute = {
  featureViewId: string;
  minute: number;
  requests: number;
  vectors: number;
  errors: number;
  clientErrors: number;
  latencyBuckets: number[];
  latencySumMs: number;
  groups: { name: string; version: number; missing: number; expired: number }[];
};

type TSampledVector = {
  projectId: string;
  featureViewId: string;
  servedAt: Date;
  status: string;
  values: Record<string, unknown>;
};

export type TServingRecorder = {
  record: (observation: TServingObservation) => void;
  /** Writes what was gathered so far; never throws. */
  flush: () => Promise<void>;
  /** Stops the timer and flushes once more. */
  close: () => Promise<void>;
  /** Samples not logged because the buffer was full (since start). */
  droppedVectors: () => number;
};

const statusOf = (read: TEntityRead) =>
  read.error ? "ERROR" : read.groups.some((group) => group.status !== "PRESENT") ? "MISSING" : "COMPLETE";

const reportFailure = (what: string, error: unknown) =>
  console.error(`[larder serving] could not write ${what} (dropped):`, (error as Error)?.message ?? error);

/** Queues the drain job of each view that has none waiting (a QUEUED one will pick up what was just staged). */
const queueDrainJobs = async (views: Map<string, string>) => {
  for (const [featureViewId, projectId] of views) {
    const waiting = await db.job.findFirst({
      where: {
        projectId,
        type: servedVectorsJobContract.type,
        status: "QUEUED",
        payload: { path: ["featureViewId"], equals: featureViewId },
      },
      select: { id: true },
    });
    if (waiting) continue;
    const view = await db.featureView.findFirst({
      where: { ...featureViewWhere({ projectId, intent: "read" }), id: featureViewId },
      select: { project: { select: { id: true, name: true } } },
    });
    if (!view) continue;
    await insertJob({
      ctx: null,
      project: view.project,
      contract: servedVectorsJobContract,
      payload: { featureViewId },
      createdById: null,
    });
  }
};

export const createServingRecorder = ({
  flushIntervalMs = getEnv().LARDER_SERVING_FLUSH_SECONDS * 1000,
  retentionMs = getEnv().LARDER_SERVING_METRICS_RETENTION_HOURS * 3600_000,
  random = Math.random,
  queueJobs = true,
}: {
  flushIntervalMs?: number;
  retentionMs?: number;
  random?: () => number;
  /** Queue the drain job after staging vectors (off for the demo seed, which drains them itself). */
  queueJobs?: boolean;
} = {}): TServingRecorder => {
  let minutes = new Map<string, TMinute>();
  let sampled: TSampledVector[] = [];
  let dropped = 0;
  let lastPrune = 0;
  let flushing: Promise<void> | null = null;

  const record = ({ plan, status, seconds, reads, at }: TServingObservation) => {
    const now = at ?? Date.now();
    const minute = now - (now % MINUTE_MS);
    const key = `${plan.featureView.id}\n${minute}`;
    let entry = minutes.get(key);
    if (!entry) {
      entry = {
        featureViewId: plan.featureView.id,
        minute,
        requests: 0,
        vectors: 0,
        errors: 0,
        clientErrors: 0,
        latencyBuckets: emptyLatencyBuckets(),
        latencySumMs: 0,
        groups: plan.sources.map((source) => ({ name: source.name, version: source.version, missing: 0, expired: 0 })),
      };
      minutes.set(key, entry);
    }
    const milliseconds = seconds * 1000;
    entry.requests += 1;
    entry.latencyBuckets[latencyBucketOf(milliseconds)] += 1;
    entry.latencySumMs += milliseconds;
    if (status >= 500) entry.errors += 1;
    else if (status >= 400) entry.clientErrors += 1;
    if (!reads) return;
    entry.vectors += reads.length;
    for (const read of reads) {
      for (let index = 0; index < read.groups.length; index += 1) {
        const groupStatus = read.groups[index].status;
        if (groupStatus === "NOT_FOUND") entry.groups[index].missing += 1;
        else if (groupStatus === "OUTSIDE_MAX_AGE") entry.groups[index].expired += 1;
      }
    }
    const rate = plan.servedVectorLogRate;
    if (rate <= 0) return;
    for (const read of reads) {
      if (rate < 1 && random() >= rate) continue;
      if (sampled.length >= MAX_BUFFERED_VECTORS) {
        dropped += 1;
        continue;
      }
      const values: Record<string, unknown> = {};
      for (const feature of plan.loggedFeatures) values[feature] = read.values[feature] ?? null;
      // Who the vector is about, when its features do not say: what an erasure matches (docs/erasure.md).
      if (plan.logsRequestKeys)
        values[REQUEST_KEYS_COLUMN] = JSON.stringify(
          Object.fromEntries(plan.servingKeys.map((key, index) => [key.name, read.keys[index] ?? null])),
        );
      sampled.push({
        projectId: plan.projectId,
        featureViewId: plan.featureView.id,
        servedAt: new Date(now),
        status: statusOf(read),
        values,
      });
    }
  };

  const writeMetrics = async (batch: TMinute[]) => {
    if (!batch.length) return;
    await db.servingMetricMinute.createMany({
      data: batch.map((entry) => ({
        featureViewId: entry.featureViewId,
        minute: new Date(entry.minute),
        requests: entry.requests,
        vectors: entry.vectors,
        errors: entry.errors,
        clientErrors: entry.clientErrors,
        latencyBuckets: entry.latencyBuckets,
        latencySumMs: entry.latencySumMs,
        groups: entry.groups as Prisma.InputJsonValue,
      })),
    });
  };

  const writeVectors = async (batch: TSampledVector[]) => {
    if (!batch.length) return;
    await db.servedVectorLog.createMany({
      data: batch.map((vector) => ({
        featureViewId: vector.featureViewId,
        servedAt: vector.servedAt,
        status: vector.status,
        values: vector.values as Prisma.InputJsonValue,
      })),
    });
    if (queueJobs) await queueDrainJobs(new Map(batch.map((vector) => [vector.featureViewId, vector.projectId])));
  };

  const prune = async () => {
    const now = Date.now();
    if (now - lastPrune < PRUNE_EVERY_MS) return;
    lastPrune = now;
    await db.servingMetricMinute.deleteMany({ where: { minute: { lt: new Date(now - retentionMs) } } });
  };

  const flushOnce = async () => {
    const metricBatch = [...minutes.values()];
    const vectorBatch = sampled;
    minutes = new Map();
    sampled = [];
    // A view deleted since its requests fails the batch's foreign key: that flush is dropped, like any failure.
    await writeMetrics(metricBatch).catch((error) =>
      reportFailure(`serving metrics (${metricBatch.length} rows)`, error),
    );
    await writeVectors(vectorBatch).catch((error) =>
      reportFailure(`served vectors (${vectorBatch.length} sampled)`, error),
    );
    await prune().catch((error) => reportFailure("the serving metrics' retention", error));
  };

  const flush = () => {
    // One flush at a time; a caller arriving meanwhile waits for it and then flushes what came after.
    const run = (flushing ?? Promise.resolve()).then(flushOnce);
    const tracked: Promise<void> = run.finally(() => {
      if (flushing === tracked) flushing = null;
    });
    flushing = tracked;
    return tracked;
  };

  const timer = setInterval(() => void flush(), flushIntervalMs);
  timer.unref();

  return {
    record,
    flush,
    close: async () => {
      clearInterval(timer);
      await flush();
    },
    droppedVectors: () => dropped,
  };
};
