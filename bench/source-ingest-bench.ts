import { spawn } from "node:child_process";
import os from "node:os";
import pg from "pg";
import { db } from "../server/db/client";
import { getDatabaseUrl } from "../server/env";
import { createDataSource, createFeatureGroupFromSource, enqueueSourceIngest } from "../server/sources";
import { createBenchProject } from "./support/bench-project";
import { peakRssMb, sampleRss, spawnWorker, stopWorker, waitForJob } from "./support/worker-process";

// The source-ingest benchmark: a PostgreSQL table read into a feature group by the `source-ingest` job, end to end
// (job queued → commit recorded) on a worker in its own process, beside a plain `COPY … TO STDOUT` of the same table
// (psql, output discarded) measured in the same run; the worker's peak RSS shows whether the read is streamed.
// Then an incremental run reads the rows added after the watermark.

export type TSourceIngestBenchOptions = {
  rows: number;
  /** Rows added after the first load for the incremental run. */
  incrementalRows: number;
  /** Where the source table is created and read (default: the registry's database, as the demo's source does). */
  sourceUrl?: string;
};

// Ten columns like the ingest benchmark's: a key, seven doubles, a category, a timestamp that is also the watermark.
const DOUBLES = 7;
const sourceSql = (table: string, from: number, to: number) =>
  `INSERT INTO ${table} SELECT i, ${Array.from({ length: DOUBLES }, (_, k) => `round((random() * ${k + 1})::numeric, 6)::float8`).join(", ")}, 'cat_' || (i % 100), TIMESTAMPTZ '2026-01-01 00:00:00+00' + i * INTERVAL '1 millisecond' FROM generate_series(${from}, ${to - 1}) AS i`;

const seconds = (ms: number) => Math.round(ms) / 1000;

/** `COPY table TO STDOUT` through psql with its output thrown away: the floor of reading the rows out of PostgreSQL. */
const timeCopyOut = (url: string, table: string) =>
  new Promise<number>((resolve, reject) => {
    const start = performance.now();
    const child = spawn("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", `COPY ${table} TO STDOUT`], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve(performance.now() - start) : reject(new Error(`psql exited ${code}: ${stderr}`)),
    );
  });

export const runSourceIngestBench = async (options: TSourceIngestBenchOptions) => {
  const sourceUrl = options.sourceUrl ?? getDatabaseUrl();
  const schema = `bench_src_${Date.now().toString(36)}`;
  const table = `${schema}.transactions`;
  const admin = new pg.Client({ connectionString: sourceUrl });
  await admin.connect();
  const { ctx, access } = await createBenchProject();
  let worker: Awaited<ReturnType<typeof spawnWorker>> | undefined;
  let rss: ReturnType<typeof sampleRss> | undefined;
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.query(
      `CREATE TABLE ${table} (id bigint PRIMARY KEY, ${Array.from({ length: DOUBLES }, (_, k) => `f${k} float8`).join(", ")}, category text, updated_at timestamptz NOT NULL)`,
    );
    await admin.query(sourceSql(table, 0, options.rows));
    await admin.query(`CREATE INDEX ON ${table} (updated_at)`);
    await admin.query(`ANALYZE ${table}`);
    const tableBytes = Number((await admin.query(`SELECT pg_table_size('${table}') AS n`)).rows[0].n);

    await timeCopyOut(sourceUrl, table); // warm the table into the cache, as the ingest's read will find it
    const copyMs = await timeCopyOut(sourceUrl, table);

    const url = new URL(sourceUrl);
    await createDataSource({
      ctx,
      access,
      input: {
        name: "bench_source",
        kind: "postgres",
        connection: {
          host: url.hostname,
          port: Number(url.port || 5432),
          database: url.pathname.slice(1),
          user: decodeURIComponent(url.username),
          password: decodeURIComponent(url.password),
        },
        table,
      },
    });
    worker = await spawnWorker({ types: "source-ingest", env: process.env });
    const idleRssMb = peakRssMb(worker.pid!);
    rss = sampleRss(worker.pid!);
    const run = async (queue: () => Promise<{ id: string }>) => {
      const start = performance.now();
      const job = await queue();
      const done = await waitForJob(job.id);
      const result = done.result as Record<string, unknown>;
      // The worker's memory while it read the source and staged the rows (before validation and the commit, which
      // DuckDB does under its own 512 MB limit).
      const readFrom = done.startedAt!.getTime();
      const readPeakRssMb = rss!.peakBetween(readFrom, readFrom + Number(result.readSeconds) * 1000);
      return { ms: performance.now() - start, result, readPeakRssMb };
    };
    const group = await createFeatureGroupFromSource({
      ctx,
      access,
      name: "bench_source",
      input: {
        name: "bench_from_source",
        primaryKey: ["id"],
        eventTime: "updated_at",
        watermarkColumn: "updated_at",
        ingest: false,
      },
    });
    const queue = () => enqueueSourceIngest({ ctx, access, name: group.name, version: group.version });
    const first = await run(queue);
    const workerPeakRssMb = peakRssMb(worker.pid!);
    await admin.query(sourceSql(table, options.rows, options.rows + options.incrementalRows));
    const incremental = await run(queue);
    const rowCount = Number((await db.featureGroup.findUniqueOrThrow({ where: { id: group.id } })).rowCount);
    const commit = (result: Record<string, unknown>) => result.commit as { timings: Record<string, number> };
    return {
      benchmark: "source-ingest",
      machine: { cpus: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30), loadAverage: os.loadavg() },
      rows: options.rows,
      columns: DOUBLES + 3,
      tableMb: Math.round(tableBytes / 2 ** 20),
      fetchRows: Number(process.env.LARDER_SOURCE_FETCH_ROWS ?? 50_000),
      copyToStdoutSeconds: seconds(copyMs),
      copyRowsPerSecond: Math.round(options.rows / (copyMs / 1000)),
      firstLoad: {
        endToEndSeconds: seconds(first.ms),
        rowsPerSecond: Math.round(options.rows / (first.ms / 1000)),
        ratioToCopy: Math.round((first.ms / copyMs) * 10) / 10,
        rowsRead: first.result.rowsRead,
        batches: first.result.batches,
        readAndStageSeconds: first.result.readSeconds,
        readPeakRssMb: Math.round(first.readPeakRssMb),
        ...commit(first.result).timings,
      },
      incremental: {
        rows: options.incrementalRows,
        endToEndSeconds: seconds(incremental.ms),
        rowsRead: incremental.result.rowsRead,
        readAndStageSeconds: incremental.result.readSeconds,
      },
      rowsReadable: rowCount,
      workerIdleRssMb: Math.round(idleRssMb),
      workerPeakRssMb: Math.round(workerPeakRssMb),
    };
  } finally {
    rss?.stop();
    if (worker) await stopWorker(worker);
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  }
};
