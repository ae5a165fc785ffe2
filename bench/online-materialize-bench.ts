import { randomBytes } from "node:crypto";
import path from "node:path";
import { Redis } from "ioredis";
import { db } from "../server/db/client";
import { getDataDir } from "../server/env";
import { newId } from "../server/ids";
import { createDeltaTable, writeCommit } from "../server/offline";
import {
  createPostgresOnlineStore,
  createRedisOnlineStore,
  findMaterializableGroupForBench,
  materializeFeatureGroup,
  toOnlineGroup,
} from "./online-bench-support";
import { bucketOf } from "../server/online-store/redis-layout";

// Materialization throughput: N rows of a 5-feature group from a Delta table to Redis (through the `materialize`
// code path: DuckDB latest-per-key scan to bulk lines in bucket order, latest-wins script upserts into bucket hashes,
// cursor saved per chunk), compared with two bare ioredis pipelines measured in the same run, writing the same row
// strings with no offline read and no script: SET of one string per row (the simplest layout), and HSET into the
// store's own bucket hashes, rows in bucket order; and the PostgreSQL store's figure.

const FEATURES = [
  { name: "card_id", type: "bigint" },
  { name: "card_type", type: "string" },
  { name: "credit_limit", type: "double" },
  { name: "is_premium", type: "boolean" },
  { name: "updated_at", type: "timestamp" },
] as const;
// Pipeline depth of the bare baseline: the same ~5k rows in flight as the store's writes.
const BARE_PIPELINE_ROWS = 5_000;

const seconds = (start: number) => (performance.now() - start) / 1000;

export const runOnlineMaterializeBench = async ({
  rows,
  pgRows,
  redisUrl,
}: {
  rows: number;
  pgRows: number;
  redisUrl: string;
}) => {
  const suffix = randomBytes(3).toString("hex");
  const project = await db.project.create({ data: { id: newId("prj"), name: `bench_online_${suffix}` } });
  const createGroup = async (name: string, count: number) => {
    const tablePath = path.join(getDataDir(), "projects", project.id, "offline", `${name}_v1`);
    await createDeltaTable({
      tablePath,
      schema: FEATURES.map((f) => ({ ...f })),
      primaryKey: ["card_id"],
      eventTime: "updated_at",
    });
    const loadStart = performance.now();
    await writeCommit({
      tablePath,
      mode: "append",
      sourceSql: `SELECT range::BIGINT AS card_id, (['visa','amex','mastercard'])[1 + (range % 3)::INT] AS card_type, (range % 10000) * 1.5 AS credit_limit, range % 2 = 0 AS is_premium, TIMESTAMPTZ '2026-01-01 00:00:00+00' + to_seconds(range % 86400) AS updated_at FROM range(${count})`,
    });
    const id = newId("fg");
    await db.featureGroup.create({
      data: {
        id,
        projectId: project.id,
        name,
        version: 1,
        primaryKey: ["card_id"],
        eventTime: "updated_at",
        onlineEnabled: true,
        tablePath,
        deltaVersion: 1,
        features: { create: FEATURES.map((f, position) => ({ name: f.name, type: f.type, position })) },
      },
    });
    return {
      featureGroup: (await findMaterializableGroupForBench({ projectId: project.id, featureGroupId: id }))!,
      loadSeconds: seconds(loadStart),
    };
  };

  const redisStore = createRedisOnlineStore({ url: redisUrl, keyPrefix: `larder_bench_${suffix}` });
  const pgStore = createPostgresOnlineStore({
    connectionString: process.env.DATABASE_URL!,
    schema: `larder_online_bench_${suffix}`,
  });
  const redis = new Redis(redisUrl);
  try {
    const { featureGroup, loadSeconds } = await createGroup("cards", rows);
    const group = toOnlineGroup(featureGroup);

    let start = performance.now();
    let firstWriteSeconds = 0;
    const redisResult = await materializeFeatureGroup({
      featureGroup,
      jobId: `bench_redis_${suffix}`,
      store: redisStore,
      progress: ({ rowsProcessed }) =>
        void (rowsProcessed > 0 && !firstWriteSeconds && (firstWriteSeconds = seconds(start))),
    });
    const redisSeconds = seconds(start);
    const [check] = await redisStore.getRows({ group, keys: [[String(rows - 1)]] });
    await redisStore.drop({ group });

    // Bare baselines: the same keys and row strings in pipelines: no offline read, no script.
    const cardTypes = ["visa", "amex", "mastercard"];
    const bareRow = (i: number) => {
      const at = new Date(Date.UTC(2026, 0, 1) + (i % 86400) * 1000).toISOString().replace("Z", "000Z");
      return JSON.stringify([
        Date.parse(at) * 1000,
        cardTypes[i % 3],
        String((i % 10000) * 1.5),
        i % 2 === 0 ? "true" : "false",
        at,
      ]);
    };
    const removePrefix = async (prefix: string) => {
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 10_000);
        if (keys.length) await redis.unlink(...keys);
        cursor = next;
      } while (cursor !== "0");
    };
    const barePrefix = `larder_bench_bare_${suffix}:`;
    start = performance.now();
    for (let from = 0; from < rows; from += BARE_PIPELINE_ROWS) {
      const pipeline = redis.pipeline();
      for (let i = from; i < Math.min(rows, from + BARE_PIPELINE_ROWS); i++)
        pipeline.set(`${barePrefix}${i}`, bareRow(i));
      await pipeline.exec();
    }
    const bareSeconds = seconds(start);
    await removePrefix(barePrefix);

    // The store's layout: ids in bucket order (sorting them is not timed), one HSET per run of a bucket.
    const hsetPrefix = `larder_bench_hset_${suffix}:`;
    const ids = Array.from({ length: rows }, (_, i) => i);
    const buckets = ids.map((i) => bucketOf(String(i)));
    ids.sort((a, b) => (buckets[a] < buckets[b] ? -1 : buckets[a] > buckets[b] ? 1 : a - b));
    start = performance.now();
    for (let from = 0; from < rows; from += BARE_PIPELINE_ROWS) {
      const pipeline = redis.pipeline();
      let args: string[] = [];
      for (let at = from; at < Math.min(rows, from + BARE_PIPELINE_ROWS); at++) {
        const i = ids[at];
        if (args.length > 0 && args[0] !== hsetPrefix + buckets[i]) {
          pipeline.hset(args[0], ...args.slice(1));
          args = [];
        }
        if (args.length === 0) args.push(hsetPrefix + buckets[i]);
        args.push(String(i), bareRow(i));
      }
      if (args.length > 0) pipeline.hset(args[0], ...args.slice(1));
      await pipeline.exec();
    }
    const hsetSeconds = seconds(start);
    await removePrefix(hsetPrefix);

    const pgGroup = pgRows === rows ? { featureGroup } : await createGroup("cards_pg", pgRows);
    start = performance.now();
    const pgResult = await materializeFeatureGroup({
      featureGroup: pgGroup.featureGroup,
      jobId: `bench_pg_${suffix}`,
      store: pgStore,
    });
    const pgSeconds = seconds(start);
    await pgStore.drop({ group: toOnlineGroup(pgGroup.featureGroup) });

    const redisRowsPerSecond = Math.round(redisResult.rows / redisSeconds);
    // A bare pipeline of the same rows, and the store's share of its speed.
    const bare = (layout: string, bareSeconds: number) => ({
      layout,
      rows,
      seconds: Number(bareSeconds.toFixed(2)),
      rowsPerSecond: Math.round(rows / bareSeconds),
    });
    const bareRedisPipeline = bare("SET per row", bareSeconds);
    const bareRedisHsetPipeline = bare("HSET into the store's bucket hashes", hsetSeconds);
    const ratioTo = (pipeline: { rowsPerSecond: number }) =>
      Number((redisRowsPerSecond / pipeline.rowsPerSecond).toFixed(2));
    return {
      rows,
      offlineLoadSeconds: Number(loadSeconds.toFixed(2)),
      redis: {
        rowsWritten: redisResult.rows,
        chunks: redisResult.chunks,
        seconds: Number(redisSeconds.toFixed(2)),
        firstWriteSeconds: Number(firstWriteSeconds.toFixed(2)),
        rowsPerSecond: redisRowsPerSecond,
        lastKeyReadBack: check !== null,
      },
      bareRedisPipeline,
      ratioToBarePipeline: ratioTo(bareRedisPipeline),
      bareRedisHsetPipeline,
      ratioToBareHsetPipeline: ratioTo(bareRedisHsetPipeline),
      postgres: {
        rowsWritten: pgResult.rows,
        seconds: Number(pgSeconds.toFixed(2)),
        rowsPerSecond: Math.round(pgResult.rows / pgSeconds),
      },
    };
  } finally {
    redis.disconnect();
    await redisStore.close();
    await pgStore.close();
  }
};
