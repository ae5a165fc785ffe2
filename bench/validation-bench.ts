import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { newId } from "../server/ids";
import { quoteLiteral, withDuckDb } from "../server/offline";
import { createFeatureGroup } from "../server/registry/feature-groups";
import { runIngest } from "../server/ingest/run-ingest";
import { putSuite } from "../server/validation";
import type { TValidationRuleInput } from "../lib/api/validation";
import { createBenchProject, stageBenchFile } from "./support/bench-project";

// The validation benchmark: what an expectation suite of 16 rules adds to an ingest of `rows` rows into a group of
// `baseRows`. The same upsert (the same file: every row updates one in place, so the group keeps its size) is
// ingested alternately without and with the suite, `repeats` times each, in this process through the ingest
// runner (no queue wait). Reported: the medians, their difference and ratio, and the suite's own time inside the
// write (its two DuckDB queries, or one when nothing fails); the same in CPU seconds of this process, and the
// 1-minute load average around every ingest (a shared machine's load moves wall-clock times by 2–3×).

export type TValidationBenchOptions = { rows: number; baseRows: number; repeats: number; workDir?: string };

const FEATURES = [
  { name: "id", type: "bigint" as const },
  ...Array.from({ length: 6 }, (_, i) => ({ name: `f${i}`, type: "double" as const })),
  { name: "category", type: "string" as const },
  { name: "event_time", type: "timestamp" as const },
];
const featureSql = (rows: number, offset = 0) =>
  `SELECT range + ${offset} AS id, ${Array.from({ length: 6 }, (_, i) => `round(random() * ${i + 1}, 6) AS f${i}`).join(", ")}, 'cat_' || (range % 100) AS category, TIMESTAMP '2026-01-01' + INTERVAL ((range + ${offset}) % 86400) SECOND AS event_time FROM range(${rows})`;

/** Sixteen rules, one or more of every kind, all passing on this data (the failing-row query never runs). */
const BENCH_RULES: TValidationRuleInput[] = [
  { type: "not_null", feature: "id" },
  { type: "not_null", feature: "f0" },
  { type: "between", feature: "f0", min: 0, max: 1 },
  { type: "between", feature: "f1", min: -1, max: 2.5, maxInclusive: false },
  { type: "between", feature: "f5", min: 0, max: 6 },
  { type: "in_set", feature: "category", values: Array.from({ length: 100 }, (_, i) => `cat_${i}`) },
  { type: "not_in_set", feature: "category", values: ["cat_x", "unknown"] },
  { type: "unique", feature: "id", scope: "load" },
  { type: "unique", feature: "id", scope: "table" },
  { type: "matches_regex", feature: "category", pattern: "^cat_[0-9]+$" },
  { type: "string_length_between", feature: "category", min: 5, max: 6 },
  { type: "mean_between", feature: "f2", min: 0, max: 3 },
  { type: "std_between", feature: "f3", min: 0, max: 10 },
  { type: "null_fraction_between", feature: "f4", max: 0.01 },
  { type: "row_count_between", min: 1, max: 100_000_000 },
  { type: "freshness", feature: "event_time", maxAgeSeconds: 50 * 365 * 86_400 },
];

const seconds = (ms: number) => Math.round(ms) / 1000;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export const runValidationBench = async (options: TValidationBenchOptions) => {
  const workDir = options.workDir ?? (await mkdtemp(path.join(os.tmpdir(), "larder-bench-validation-")));
  const { owner, project, ctx, access } = await createBenchProject();
  const base = path.join(workDir, "base.parquet");
  const load = path.join(workDir, "load.parquet");
  await withDuckDb({ memoryLimit: "1GB", threads: 2 }, async (connection) => {
    await connection.run(`SELECT setseed(0.5)`);
    await connection.run(`COPY (${featureSql(options.baseRows)}) TO ${quoteLiteral(base)} (FORMAT parquet)`);
    await connection.run(
      `COPY (${featureSql(options.rows, options.baseRows - options.rows)}) TO ${quoteLiteral(load)} (FORMAT parquet)`,
    );
  });
  const group = await createFeatureGroup({
    ctx,
    access,
    input: { name: "bench_validation", primaryKey: ["id"], eventTime: "event_time", features: FEATURES },
  });
  const ingest = async (file: string) => {
    const upload = await stageBenchFile({ ctx, access, file });
    const [start, cpu, loadBefore] = [performance.now(), process.cpuUsage(), os.loadavg()[0]];
    const result = await runIngest({
      jobId: newId("job"),
      projectId: project.id,
      featureGroupId: group.id,
      uploadId: upload.id,
      mode: "upsert",
      userId: owner.id,
    });
    const used = process.cpuUsage(cpu);
    return {
      ms: performance.now() - start,
      // CPU of this process (the ingest's DuckDB threads included): what a shared machine's load moves least.
      cpuMs: (used.user + used.system) / 1000,
      load: [loadBefore, os.loadavg()[0]].map((value) => Math.round(value * 100) / 100),
      result,
    };
  };
  await ingest(base);
  // Warm-up: the first upsert of the file (DuckDB's first instance in this process, the files it rewrites).
  await ingest(load);
  const plain: number[] = [];
  const withSuite: number[] = [];
  const suiteOnly: number[] = [];
  const plainCpu: number[] = [];
  const withSuiteCpu: number[] = [];
  const loads: { withoutSuite: number[]; withSuite: number[] }[] = [];
  let last: Awaited<ReturnType<typeof ingest>>["result"] | null = null;
  const suite = (rules: TValidationRuleInput[]) =>
    putSuite({ ctx, access, name: "bench_validation", version: 1, input: { policy: "STRICT", rules } as never });
  for (let i = 0; i < options.repeats; i++) {
    await suite([]);
    const unchecked = await ingest(load);
    plain.push(unchecked.ms);
    plainCpu.push(unchecked.cpuMs);
    await suite(BENCH_RULES);
    const checked = await ingest(load);
    withSuite.push(checked.ms);
    withSuiteCpu.push(checked.cpuMs);
    loads.push({ withoutSuite: unchecked.load, withSuite: checked.load });
    suiteOnly.push(checked.result.timings.suiteSeconds * 1000);
    last = checked.result;
  }
  if (!options.workDir) await rm(workDir, { recursive: true, force: true });
  const plainMs = median(plain);
  const suiteMs = median(withSuite);
  return {
    benchmark: "validation",
    machine: { cpus: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30) },
    rules: BENCH_RULES.length,
    loadRows: options.rows,
    groupRows: last?.rowCount ?? 0,
    repeats: options.repeats,
    ingestWithoutSuiteSeconds: seconds(plainMs),
    ingestWithSuiteSeconds: seconds(suiteMs),
    addedSeconds: seconds(suiteMs - plainMs),
    ratioToIngestWithoutSuite: Math.round((suiteMs / plainMs) * 100) / 100,
    suiteEvaluationSeconds: seconds(median(suiteOnly)),
    ingestWithoutSuiteCpuSeconds: seconds(median(plainCpu)),
    ingestWithSuiteCpuSeconds: seconds(median(withSuiteCpu)),
    addedCpuSeconds: seconds(median(withSuiteCpu) - median(plainCpu)),
    validationOutcome: last?.validation?.outcome ?? null,
    runs: {
      withoutSuiteSeconds: plain.map(seconds),
      withSuiteSeconds: withSuite.map(seconds),
      suiteEvaluationSeconds: suiteOnly.map(seconds),
      withoutSuiteCpuSeconds: plainCpu.map(seconds),
      withSuiteCpuSeconds: withSuiteCpu.map(seconds),
      loadAverage: loads,
    },
    target: { addedSeconds: 0.5 },
  };
};
