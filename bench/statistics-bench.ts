import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { db } from "../server/db/client";
import { getDataDir } from "../server/env";
import { newId } from "../server/ids";
import { insertJob } from "../server/jobs/enqueue";
import { statisticsJobContract } from "../server/jobs/contracts";
import { createDeltaTable, queryJsonRows, readTable, withDuckDb, writeCommit } from "../server/offline";
import { spawnWorkerChild, stopWorker, waitForJobEnd } from "./support/worker-process";

// Statistics of one commit of N rows × 20 features (10 numeric, 10 strings of growing cardinality) with histograms
// and correlations, end to end through the `statistics` job in a worker process of its own (queue wait reported
// apart from the run), against DuckDB's own SUMMARIZE of the same snapshot measured in the same run: `repeats`
// alternating runs of each, compared by their medians, in wall-clock seconds and in CPU seconds (what the load
// of a shared machine moves least), with the 1-minute load average around every run. The worker's peak
// resident memory (DuckDB included) is its kernel high-water mark (VmHWM).

const NUMERIC = Array.from({ length: 10 }, (_, i) => (i === 0 ? "id" : `n${i}`));
const STRINGS = Array.from({ length: 10 }, (_, i) => `s${i}`);
const FEATURES = [
  ...NUMERIC.map((name, i) => ({ name, type: i === 0 ? "bigint" : "double" })),
  ...STRINGS.map((name) => ({ name, type: "string" })),
];
// Same settings as the job's (server/stats/run-statistics.ts), so the baseline has the same engine budget.
const DUCKDB = { memoryLimit: "1GB", threads: 2 };

const seconds = (start: number) => (performance.now() - start) / 1000;
const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;
const memoryMb = (pid: number, field: "VmHWM" | "VmRSS") => {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((entry) => entry.startsWith(`${field}:`));
  return line ? Math.round(Number(line.split(/\s+/)[1]) / 1024) : NaN;
};

const sourceSql = (rows: number) => {
  const numeric = NUMERIC.map((name, i) =>
    i === 0
      ? "range::BIGINT AS id"
      : `CASE WHEN range % ${97 + i} = 0 THEN NULL ELSE (hash(range * ${i}) % 100000) / ${i}.0 END AS ${name}`,
  );
  // s0 has 2 values, s9 about a million: top values over small and large vocabularies.
  const strings = STRINGS.map(
    (name, i) => `'v' || (hash(range + ${i}) % ${Math.round(2 * 4.6 ** i)})::VARCHAR AS ${name}`,
  );
  return `SELECT ${[...numeric, ...strings].join(", ")} FROM range(${rows})`;
};

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
// CPU seconds (user + system, every thread) of a process: /proc/<pid>/stat fields 14 and 15, in clock ticks.
const CLOCK_TICKS = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
const processCpuSeconds = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
};
const ownCpuSeconds = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};
const load = () => round(os.loadavg()[0], 2);

export const runStatisticsBench = async ({ rows, repeats = 1 }: { rows: number; repeats?: number }) => {
  const suffix = randomBytes(3).toString("hex");
  const project = await db.project.create({ data: { id: newId("prj"), name: `bench_stats_${suffix}` } });
  const tablePath = path.join(getDataDir(), "projects", project.id, "offline", "wide_v1");
  await createDeltaTable({ tablePath, schema: FEATURES.map((f) => ({ ...f }) as never), primaryKey: ["id"] });
  const loadStart = performance.now();
  const written = await writeCommit({ tablePath, mode: "append", sourceSql: sourceSql(rows), duckdb: DUCKDB });
  const loadSeconds = seconds(loadStart);
  const featureGroup = await db.featureGroup.create({
    data: {
      id: newId("fg"),
      projectId: project.id,
      name: "wide",
      version: 1,
      primaryKey: ["id"],
      tablePath,
      deltaVersion: written.version,
      rowCount: BigInt(rows),
      features: { create: FEATURES.map((f, position) => ({ ...f, position })) },
    },
  });

  // Baseline: DuckDB's SUMMARIZE of the same snapshot (min, max, approx distinct, avg, std, q25/50/75, nulls).
  const summarize = async () => {
    const [loadBefore, start, cpu] = [load(), performance.now(), ownCpuSeconds()];
    await withDuckDb(DUCKDB, async (connection) => {
      const relation = await readTable({ tablePath, connection });
      await queryJsonRows(connection, `SUMMARIZE SELECT * FROM ${relation.sql} AS t`);
    });
    return { seconds: seconds(start), cpuSeconds: ownCpuSeconds() - cpu, load: [loadBefore, load()] };
  };

  const worker = await spawnWorkerChild("statistics");
  try {
    const idleRssMb = memoryMb(worker.pid!, "VmRSS");
    const runJob = async () => {
      const [loadBefore, start, cpu] = [load(), performance.now(), processCpuSeconds(worker.pid!)];
      const job = await insertJob({
        ctx: null,
        project,
        contract: statisticsJobContract,
        payload: { featureGroupId: featureGroup.id, commit: written.version },
        featureGroupId: featureGroup.id,
        createdById: null,
      });
      const done = await waitForJobEnd(job.id);
      const endToEndSeconds = seconds(start);
      if (done.status !== "SUCCEEDED") throw new Error(`statistics job ${done.status}: ${done.error}`);
      const queueWaitSeconds = (done.startedAt!.getTime() - done.createdAt.getTime()) / 1000;
      return {
        endToEndSeconds,
        queueWaitSeconds,
        runSeconds: (done.finishedAt!.getTime() - done.startedAt!.getTime()) / 1000,
        endToEndWithoutQueueSeconds: endToEndSeconds - queueWaitSeconds,
        // The worker's CPU over the whole job (its DuckDB threads included; an idle worker's polling is noise).
        cpuSeconds: processCpuSeconds(worker.pid!) - cpu,
        load: [loadBefore, load()],
        result: done.result,
      };
    };
    // Alternating runs: on a shared machine the load moves between them; medians of each side are compared.
    const baseline: Awaited<ReturnType<typeof summarize>>[] = [];
    const jobs: Awaited<ReturnType<typeof runJob>>[] = [];
    for (let run = 0; run < repeats; run++) {
      baseline.push(await summarize());
      jobs.push(await runJob());
    }
    const med = <T>(list: T[], pick: (item: T) => number) => median(list.map(pick));
    const summarizeSeconds = med(baseline, (b) => b.seconds);
    const stored = await db.featureStatistics.findFirstOrThrow({ where: { featureGroupId: featureGroup.id } });
    const document = stored.document as { rowCount: number; features: { histogram?: unknown }[] };
    return {
      rows,
      features: FEATURES.length,
      repeats,
      machine: { cpus: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30) },
      loadSeconds: round(loadSeconds),
      job: {
        endToEndSeconds: round(med(jobs, (j) => j.endToEndSeconds)),
        queueWaitSeconds: round(med(jobs, (j) => j.queueWaitSeconds)),
        runSeconds: round(med(jobs, (j) => j.runSeconds)),
        endToEndWithoutQueueSeconds: round(med(jobs, (j) => j.endToEndWithoutQueueSeconds)),
        cpuSeconds: round(med(jobs, (j) => j.cpuSeconds)),
        result: jobs.at(-1)!.result,
      },
      summarizeSeconds: round(summarizeSeconds),
      summarizeCpuSeconds: round(med(baseline, (b) => b.cpuSeconds)),
      ratioToSummarize: round(med(jobs, (j) => j.runSeconds) / summarizeSeconds, 2),
      ratioEndToEndToSummarize: round(med(jobs, (j) => j.endToEndWithoutQueueSeconds) / summarizeSeconds, 2),
      // CPU seconds against CPU seconds: what the load on a shared machine moves least.
      cpuRatioToSummarize: round(med(jobs, (j) => j.cpuSeconds) / med(baseline, (b) => b.cpuSeconds), 2),
      runs: {
        summarize: baseline.map((b) => ({ seconds: round(b.seconds), cpuSeconds: round(b.cpuSeconds), load: b.load })),
        job: jobs.map((j) => ({
          runSeconds: round(j.runSeconds),
          queueWaitSeconds: round(j.queueWaitSeconds),
          cpuSeconds: round(j.cpuSeconds),
          load: j.load,
        })),
      },
      described: { rowCount: document.rowCount, histograms: document.features.filter((f) => f.histogram).length },
      worker: { idleRssMb, peakRssMb: memoryMb(worker.pid!, "VmHWM") },
      targets: { endToEndSeconds: 5, ratioToSummarize: 1.5, peakRssMb: 1536 },
    };
  } finally {
    await stopWorker(worker);
  }
};
