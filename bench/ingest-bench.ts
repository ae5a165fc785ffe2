import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { db } from "../server/db/client";
import { enqueueJob } from "../server/jobs/enqueue";
import { quoteLiteral, withDuckDb } from "../server/offline";
import { createFeatureGroup } from "../server/registry/feature-groups";
import { createBenchProject, stageBenchFile } from "./support/bench-project";
import { peakRssMb, spawnWorker, stopWorker, waitForJob } from "./support/worker-process";

// The ingest benchmark: end to end (upload accepted → ingest job → commit readable) through the real job
// runner in its own process, next to a bare DuckDB COPY of the same file measured in the same run.

export type TIngestBenchOptions = {
  rows: number;
  baseRows: number;
  upsertRows: number;
  csvBytes: number;
  workDir?: string;
};

const FEATURE_COUNT = 10;
const featureSql = (rows: number, offset = 0) =>
  `SELECT range + ${offset} AS id, ${Array.from({ length: FEATURE_COUNT - 3 }, (_, i) => `round(random() * ${i + 1}, 6) AS f${i}`).join(", ")}, 'cat_' || (range % 100) AS category, TIMESTAMP '2026-01-01' + INTERVAL ((range + ${offset}) % 86400) SECOND AS event_time FROM range(${rows})`;
const FEATURES = [
  { name: "id", type: "bigint" as const },
  ...Array.from({ length: FEATURE_COUNT - 3 }, (_, i) => ({ name: `f${i}`, type: "double" as const })),
  { name: "category", type: "string" as const },
  { name: "event_time", type: "timestamp" as const },
];

const seconds = (ms: number) => Math.round(ms) / 1000;

export const runIngestBench = async (options: TIngestBenchOptions) => {
  const workDir = options.workDir ?? (await mkdtemp(path.join(os.tmpdir(), "larder-bench-ingest-")));
  const { ctx, access } = await createBenchProject();

  const parquet = path.join(workDir, "source.parquet");
  const csv = path.join(workDir, "source.csv");
  const baseline = await withDuckDb({ memoryLimit: "1GB", threads: 2 }, async (connection) => {
    await connection.run(`SELECT setseed(0.5)`);
    await connection.run(`COPY (${featureSql(options.rows)}) TO ${quoteLiteral(parquet)} (FORMAT parquet)`);
    await connection.run(`COPY (${featureSql(options.rows)}) TO ${quoteLiteral(csv)} (FORMAT csv, HEADER)`);
    const time = async (sql: string) => {
      const start = performance.now();
      await connection.run(sql);
      return performance.now() - start;
    };
    return {
      parquetMs: await time(
        `COPY (SELECT * FROM read_parquet(${quoteLiteral(parquet)})) TO ${quoteLiteral(path.join(workDir, "bare1.parquet"))} (FORMAT parquet, COMPRESSION zstd)`,
      ),
      csvMs: await time(
        `COPY (SELECT * FROM read_csv(${quoteLiteral(csv)})) TO ${quoteLiteral(path.join(workDir, "bare2.parquet"))} (FORMAT parquet, COMPRESSION zstd)`,
      ),
    };
  });

  let worker = await spawnWorker({ types: "ingest", env: process.env });
  const load = async ({ file, name, existing }: { file: string; name: string; existing?: string }) => {
    const start = performance.now();
    const upload = await stageBenchFile({ ctx, access, file });
    const uploadedAt = performance.now();
    const featureGroupId =
      existing ??
      (
        await createFeatureGroup({
          ctx,
          access,
          input: { name, primaryKey: ["id"], eventTime: "event_time", features: FEATURES },
        })
      ).id;
    const enqueuedAtMs = Date.now();
    const job = await enqueueJob({
      ctx,
      access,
      type: "ingest",
      payload: { featureGroupId, uploadId: upload.id, mode: "upsert" },
      featureGroupId,
    });
    const done = await waitForJob(job.id);
    const featureGroup = await db.featureGroup.findUniqueOrThrow({ where: { id: featureGroupId } });
    const phases = {
      uploadSeconds: seconds(uploadedAt - start),
      queueWaitSeconds: seconds(done.startedAt!.getTime() - enqueuedAtMs),
      jobRunSeconds: seconds(done.finishedAt!.getTime() - done.startedAt!.getTime()),
    };
    return {
      ms: performance.now() - start,
      phases,
      featureGroupId,
      rowCount: Number(featureGroup.rowCount),
      result: done.result as Record<string, number>,
    };
  };

  // Warm up the process (module loading, DuckDB's first instance) as a long-running web process would be.
  const warmup = path.join(workDir, "warmup.csv");
  await withDuckDb({}, (connection) =>
    connection.run(`COPY (${featureSql(100)}) TO ${quoteLiteral(warmup)} (FORMAT csv, HEADER)`),
  );
  await load({ file: warmup, name: "bench_warmup" });

  const fromParquet = await load({ file: parquet, name: "bench_parquet" });
  const fromCsv = await load({ file: csv, name: "bench_csv" });

  // Upsert: a base table of baseRows, then upsertRows of which half update existing keys and half are new.
  const base = path.join(workDir, "base.parquet");
  const delta = path.join(workDir, "upsert.parquet");
  await withDuckDb({ memoryLimit: "1GB", threads: 2 }, async (connection) => {
    await connection.run(`COPY (${featureSql(options.baseRows)}) TO ${quoteLiteral(base)} (FORMAT parquet)`);
    await connection.run(
      `COPY (${featureSql(options.upsertRows, options.baseRows - options.upsertRows / 2)}) TO ${quoteLiteral(delta)} (FORMAT parquet)`,
    );
  });
  const baseLoad = await load({ file: base, name: "bench_upsert" });
  const upsert = await load({ file: delta, name: "bench_upsert", existing: baseLoad.featureGroupId });
  await stopWorker(worker);

  // Memory: a fresh worker ingests a CSV of about csvBytes; its peak RSS is read from the kernel.
  const bigCsv = path.join(workDir, "big.csv");
  const bigRows = Math.max(1000, Math.round(options.csvBytes / 95)); // ~95 bytes per row of this schema
  await withDuckDb({ memoryLimit: "1GB", threads: 2 }, (connection) =>
    connection.run(`COPY (${featureSql(bigRows)}) TO ${quoteLiteral(bigCsv)} (FORMAT csv, HEADER)`),
  );
  const bigSize = (await stat(bigCsv)).size;
  worker = await spawnWorker({ types: "ingest", env: process.env });
  const idleRssMb = peakRssMb(worker.pid!);
  const bigLoad = await load({ file: bigCsv, name: "bench_big_csv" });
  const workerPeakRssMb = peakRssMb(worker.pid!);
  await stopWorker(worker);
  if (!options.workDir) await rm(workDir, { recursive: true, force: true });

  return {
    benchmark: "ingest",
    machine: { cpus: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30) },
    rows: options.rows,
    features: FEATURE_COUNT,
    parquet: {
      endToEndSeconds: seconds(fromParquet.ms),
      bareDuckDbCopySeconds: seconds(baseline.parquetMs),
      ratioToBareCopy: Math.round((fromParquet.ms / baseline.parquetMs) * 100) / 100,
      rowsReadable: fromParquet.rowCount,
      targetSeconds: 5,
      ...fromParquet.phases,
    },
    csv: {
      endToEndSeconds: seconds(fromCsv.ms),
      bareDuckDbCopySeconds: seconds(baseline.csvMs),
      ratioToBareCopy: Math.round((fromCsv.ms / baseline.csvMs) * 100) / 100,
      rowsReadable: fromCsv.rowCount,
      targetSeconds: 5,
      ...fromCsv.phases,
    },
    upsert: {
      baseRows: options.baseRows,
      upsertRows: options.upsertRows,
      baseLoadSeconds: seconds(baseLoad.ms),
      endToEndSeconds: seconds(upsert.ms),
      rowsUpdated: upsert.result.rowsUpdated,
      rowsInserted: upsert.result.rowsInserted,
      rowsRewritten: upsert.result.rowsRewritten,
      rowsAfter: upsert.rowCount,
      targetSeconds: 15,
      ...upsert.phases,
    },
    memory: {
      csvBytes: bigSize,
      csvRows: bigRows,
      rowsReadable: bigLoad.rowCount,
      endToEndSeconds: seconds(bigLoad.ms),
      workerIdleRssMb: Math.round(idleRssMb),
      workerPeakRssMb: Math.round(workerPeakRssMb),
      targetPeakMb: 1024,
    },
  };
};
