import path from "node:path";
import { db } from "../server/db/client";
import { getDataDir } from "../server/env";
import { newId } from "../server/ids";
import { createFeatureGroup } from "../server/registry/feature-groups";
import { createFeatureView } from "../server/feature-views";
import { createMonitor } from "../server/monitoring";
import { runMonitor } from "../server/monitoring/run-monitor";
import { queryJsonRows, quoteLiteral, readTable, withDuckDb, writeCommit } from "../server/offline";
import { createBenchProject } from "./support/bench-project";

// A monitoring run (docs/monitoring.md): 5 features (4 numeric, 1 string) of a 1 M-row rolling detection window
// (the last day of a feature group's event time) against a training dataset's train split of the same size —
// KS, Wasserstein, PSI, JS, mean shift per numeric feature, PSI and chi-square for the string — timed in-process
// (the job's work without the queue), against a plain DuckDB scan of the same two relations (count, min, max,
// mean of each feature) measured in the same run. Wall and CPU seconds of both.

const NUMERIC = ["f1", "f2", "f3", "f4"];
const DUCKDB = { memoryLimit: "1GB", threads: 2 };
const seconds = (start: number) => (performance.now() - start) / 1000;
/** CPU seconds (user + system, every thread of the process: DuckDB's too) since `start`. */
const cpuSeconds = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
};
const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Rows with event times spread over the `days` before `end`; `shift` moves the numeric features (drift). */
const rowsSql = ({ rows, end, days, shift }: { rows: number; end: Date; days: number; shift: number }) =>
  `SELECT range::BIGINT AS id, ${NUMERIC.map((name, i) => `(hash(range * ${i + 3}) % 100000) / 1000.0 + ${shift * (i + 1)} AS ${name}`).join(", ")}, 'c' || (hash(range) % 12)::VARCHAR AS s1, TIMESTAMPTZ ${quoteLiteral(end.toISOString())} - INTERVAL (range * ${Math.floor((days * 86_400_000) / rows)}) MILLISECOND AS ts FROM range(${rows})`;

export const runMonitoringBench = async ({ rows }: { rows: number }) => {
  const { ctx, access, project } = await createBenchProject();
  const now = new Date();
  const group = await createFeatureGroup({
    ctx,
    access,
    input: {
      name: "events",
      version: 1,
      primaryKey: ["id"],
      eventTime: "ts",
      onlineEnabled: false,
      features: [
        { name: "id", type: "bigint" },
        ...NUMERIC.map((name) => ({ name, type: "double" as const })),
        { name: "s1", type: "string" },
        { name: "ts", type: "timestamp" },
      ],
    },
  } as never);
  const row = await db.featureGroup.findUniqueOrThrow({ where: { id: group.id } });
  const written = await writeCommit({
    tablePath: row.tablePath,
    mode: "append",
    sourceSql: rowsSql({ rows, end: now, days: 1, shift: 5 }),
    duckdb: DUCKDB,
  });
  await db.featureGroup.update({ where: { id: row.id }, data: { deltaVersion: written.version } });

  // The reference: a training dataset whose train split is a Parquet file of `rows` rows (same features, no drift).
  const view = await createFeatureView({
    ctx,
    access,
    input: { name: "events_view", root: { featureGroup: { name: "events", version: 1 } } },
  });
  const splitPath = path.join(getDataDir(), "projects", project.id, "bench-train.parquet");
  await withDuckDb(DUCKDB, (connection) =>
    connection.run(
      `COPY (${rowsSql({ rows, end: new Date(now.getTime() - 30 * 86_400_000), days: 20, shift: 0 })}) TO ${quoteLiteral(splitPath)} (FORMAT parquet)`,
    ),
  );
  const datasetId = newId("td");
  await db.trainingDataset.create({
    data: {
      id: datasetId,
      projectId: project.id,
      featureViewId: view.id,
      featureViewName: view.name,
      featureViewVersion: view.version,
      name: "events_train",
      version: 1,
      status: "READY",
      format: "parquet",
      spine: {},
      split: { type: "none" },
      columns: [
        { name: "id", type: "bigint" },
        ...NUMERIC.map((name) => ({ name, type: "double" })),
        { name: "s1", type: "string" },
        { name: "ts", type: "timestamp" },
      ],
      rowCount: BigInt(rows),
      path: path.dirname(splitPath),
      splits: {
        create: { id: newId("tds"), name: "train", rowCount: BigInt(rows), sizeBytes: BigInt(0), path: splitPath },
      },
    },
  });
  const monitor = await createMonitor({
    ctx,
    access,
    input: {
      name: "bench_drift",
      target: { featureGroup: { name: "events", version: 1 } },
      features: [
        ...NUMERIC.map((name) => ({
          name,
          metrics: (["ks", "wasserstein", "psi", "jensenShannon", "meanShift"] as const).map((metric) => ({
            metric,
            threshold: 0.1,
          })),
        })),
        {
          name: "s1",
          metrics: [
            { metric: "psi" as const, threshold: 0.1 },
            { metric: "chiSquare" as const, threshold: 1e9 },
          ],
        },
      ],
      detection: { kind: "rolling", duration: "1d" },
      reference: { kind: "trainingDataset", name: "events_train", version: 1, split: "train" },
      cron: null,
    },
  });

  // Baseline: one plain DuckDB scan of each relation (count, min, max, mean of every feature).
  let start = performance.now();
  let cpu = process.cpuUsage();
  await withDuckDb(DUCKDB, async (connection) => {
    const table = await readTable({
      tablePath: row.tablePath,
      connection,
      where: `ts >= TIMESTAMPTZ ${quoteLiteral(new Date(now.getTime() - 86_400_000).toISOString())}`,
    });
    const aggregates = [
      ...NUMERIC.map((name) => `min(${name}), max(${name}), avg(${name})`),
      "count(DISTINCT s1)",
    ].join(", ");
    await queryJsonRows(connection, `SELECT count(*), ${aggregates} FROM ${table.sql} AS t`);
    await queryJsonRows(connection, `SELECT count(*), ${aggregates} FROM read_parquet(${quoteLiteral(splitPath)})`);
  });
  const scanSeconds = seconds(start);
  const scanCpuSeconds = cpuSeconds(cpu);

  start = performance.now();
  cpu = process.cpuUsage();
  const result = await runMonitor({
    projectId: project.id,
    monitorId: monitor.id,
    jobId: null,
    now: new Date(now.getTime() + 1000),
  });
  const runSeconds = seconds(start);
  const runCpuSeconds = cpuSeconds(cpu);
  const run = await db.monitorRun.findUniqueOrThrow({ where: { id: result.runId } });
  return {
    rows,
    features: 5,
    metrics: 22,
    run: {
      seconds: round(runSeconds),
      // On a busy machine wall time swings 2–3×; CPU time does not, and on an idle 2-core machine bounds it.
      cpuSeconds: round(runCpuSeconds),
      detectionRows: run.detectionRows,
      referenceRows: run.referenceRows,
      breaches: run.breaches,
    },
    baseline: { plainDuckDbScanSeconds: round(scanSeconds), plainDuckDbScanCpuSeconds: round(scanCpuSeconds) },
    ratioToScan: round(runSeconds / scanSeconds, 2),
    targets: { runSeconds: 3 },
  };
};
