import { randomBytes } from "node:crypto";
import path from "node:path";
import { db } from "../server/db/client";
import { getDataDir } from "../server/env";
import { newId } from "../server/ids";
import { createErasureRequest } from "../server/erasure";
import {
  createDeltaTable,
  fileListLiteral,
  inventoryTable,
  queryJsonRows,
  readTable,
  withDuckDb,
  writeCommit,
} from "../server/offline";
import { spawnWorkerChild, stopWorker, waitForJobEnd } from "./support/worker-process";

// Erasure of K keys from an N-row feature group written in C commits (issue 20: 100 keys of 10 M rows in 50 commits
// within 60 s), end to end through the `erasure` job in a worker process of its own: filing the request, finding the
// keys, the delete commit (which rewrites only the files holding a key), the purge of every older file and log entry,
// and the report. Each commit appends a contiguous range of customer ids, as a table grown by sign-ups is; the keys are
// drawn at random over all of them, so most commits' files hold one.

const FEATURES = [
  { name: "customer_id", type: "bigint" },
  { name: "email", type: "string" },
  { name: "score", type: "double" },
  { name: "segment", type: "string" },
  { name: "updated_at", type: "timestamp" },
];
const DUCKDB = { memoryLimit: "1GB", threads: 2 };

const seconds = (start: number) => Math.round((performance.now() - start) / 10) / 100;

const commitSql = (from: number, to: number) =>
  `SELECT range::BIGINT AS customer_id, 'user' || range::VARCHAR || '@example.test' AS email, (hash(range) % 1000) / 10.0 AS score, 's' || (range % 7)::VARCHAR AS segment, TIMESTAMPTZ '2026-01-01 00:00:00+00' + to_seconds(range % 86400) AS updated_at FROM range(${from}, ${to})`;

export const runErasureBench = async ({ rows, commits, keys }: { rows: number; commits: number; keys: number }) => {
  const suffix = randomBytes(3).toString("hex");
  const owner = await db.user.create({
    data: { id: newId("usr"), email: `bench-${suffix}@example.test`, name: "Bench" },
  });
  const project = await db.project.create({ data: { id: newId("prj"), name: `bench_erasure_${suffix}` } });
  await db.membership.create({ data: { projectId: project.id, userId: owner.id, role: "OWNER" } });
  const tablePath = path.join(getDataDir(), "projects", project.id, "offline", "customers_v1");
  await createDeltaTable({
    tablePath,
    schema: FEATURES as never,
    primaryKey: ["customer_id"],
    eventTime: "updated_at",
  });
  let start = performance.now();
  let version = 0;
  const perCommit = Math.ceil(rows / commits);
  for (let commit = 0; commit < commits; commit++) {
    const from = commit * perCommit;
    const written = await writeCommit({
      tablePath,
      mode: "append",
      sourceSql: commitSql(from, Math.min(rows, from + perCommit)),
      duckdb: DUCKDB,
    });
    version = written.version;
  }
  const loadSeconds = seconds(start);
  const featureGroup = await db.featureGroup.create({
    data: {
      id: newId("fg"),
      projectId: project.id,
      name: "customers",
      version: 1,
      primaryKey: ["customer_id"],
      eventTime: "updated_at",
      tablePath,
      deltaVersion: version,
      rowCount: BigInt(rows),
      features: { create: FEATURES.map((feature, position) => ({ ...feature, position })) },
    },
  });
  const before = await inventoryTable({ tablePath });
  // Distinct random customers, reproducible per size.
  const picked = new Set<number>();
  for (let i = 1; picked.size < keys; i++) picked.add(Math.floor(((Math.sin(i * 12.9898) + 1) / 2) * rows) % rows);
  // The files that hold a key: what a rewrite touching only those must rewrite.
  const filesHoldingKeys = await withDuckDb(DUCKDB, async (connection) => {
    const [row] = await queryJsonRows(
      connection,
      `SELECT count(DISTINCT filename) AS n FROM read_parquet(${fileListLiteral(before.liveFiles)}, filename = true) WHERE customer_id IN (${[...picked].join(", ")})`,
    );
    return Number(row.n);
  });

  const worker = await spawnWorkerChild("erasure");
  try {
    start = performance.now();
    const { erasureRequest } = await createErasureRequest({
      ctx: {
        principal: { kind: "user", userId: owner.id, email: owner.email, name: owner.name, isAdmin: false },
        clientIp: null,
        userAgent: "bench:erasure",
      },
      project,
      input: { keys: [...picked].map((id) => ({ customer_id: id })), datasetPolicy: "recreate" },
    });
    const done = await waitForJobEnd(erasureRequest.job!.id);
    const endToEndSeconds = seconds(start);
    if (done.status !== "SUCCEEDED") throw new Error(`erasure job ${done.status}: ${done.error}`);
    const request = await db.erasureRequest.findUniqueOrThrow({ where: { id: erasureRequest.id } });
    const report = JSON.parse(request.report!);
    const offline = report.featureGroups[0].offline;
    const left = await withDuckDb(DUCKDB, async (connection) => {
      const relation = await readTable({ tablePath, connection });
      const [row] = await queryJsonRows(
        connection,
        `SELECT count(*) FILTER (WHERE customer_id IN (${[...picked].join(", ")})) AS erased, count(*) AS total FROM ${relation.sql} AS t`,
      );
      return { erased: Number(row.erased), total: Number(row.total) };
    });
    const after = await inventoryTable({ tablePath });
    // Where the job's time went, from its log: finding the keys, then the delete commit and purge, then the rest.
    const logs = await db.jobLog.findMany({ where: { jobId: done.id }, orderBy: { id: "asc" } });
    const at = (pattern: RegExp) => logs.find((log) => pattern.test(log.message))?.at.getTime();
    const started = done.startedAt!.getTime();
    const found = at(/^Found /);
    const deleted = at(/row\(s\) deleted in commit/);
    const phases = {
      planSeconds: found ? (found - started) / 1000 : null,
      deleteAndPurgeSeconds: found && deleted ? (deleted - found) / 1000 : null,
      restSeconds: deleted ? (done.finishedAt!.getTime() - deleted) / 1000 : null,
    };
    return {
      rows,
      commits,
      keys,
      loadSeconds,
      job: {
        endToEndSeconds,
        queueWaitSeconds: (done.startedAt!.getTime() - done.createdAt.getTime()) / 1000,
        runSeconds: (done.finishedAt!.getTime() - done.startedAt!.getTime()) / 1000,
        ...phases,
      },
      rowsErased: report.summary.rowsErased,
      files: {
        total: offline.filesTotal,
        holdingKeys: filesHoldingKeys,
        rewritten: offline.filesRewritten,
        added: offline.filesAdded,
        deletedByPurge: offline.dataFilesDeleted,
        logEntriesDeleted: offline.logFilesDeleted,
        before: { data: before.dataFiles.length, log: before.logFiles },
        after: { data: after.dataFiles.length, log: after.logFiles },
      },
      after: { rowsOfErasedKeys: left.erased, rows: left.total, oldestReadableVersion: offline.oldestReadableVersion },
      featureGroupId: featureGroup.id,
    };
  } finally {
    await stopWorker(worker);
  }
};
