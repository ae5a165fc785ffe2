import { existsSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as sourceGroupsRoute from "@/app/api/v1/projects/[project]/data-sources/[name]/feature-groups/route";
import * as sourcesRoute from "@/app/api/v1/projects/[project]/data-sources/route";
import * as ingestRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/source-ingest/route";
import { db } from "@/server/db/client";
import { stopBoss } from "@/server/jobs/boss";
import { uploadDir } from "@/server/ingest/uploads";
import { listCommits, queryJsonRows, readTable, withDuckDb } from "@/server/offline";
import { killWorkerChild, startRescuer, startWorkerChild } from "@/test/fixtures/worker-crash";
import { useOwnedProject, useTestWorker } from "@/test/fixtures/test-project";
import { callRoute, uniqueName, waitForJobEnd } from "@/test/helpers";

// Ingest from a PostgreSQL source, streamed (docs/data-sources.md "Ingest"): rows arrive through a server-side cursor
// a batch at a time (here 1,000 rows, so a few thousand rows cross several batches), each exactly once, and the
// watermark moves only with a recorded commit: a failed load leaves rows and watermark as they were, and a worker
// killed after its commit was written leaves a retry that advances the watermark to what that commit holds — no
// further, so rows that arrived meanwhile are read by the next ingest instead of being skipped.
//
// The source is a schema of this worker's own database on the machine's PostgreSQL (trust authentication); wrong
// passwords and encryption at rest are sources.test.ts's, against a password-protected server.

vi.hoisted(() => {
  process.env.LARDER_SOURCE_FETCH_ROWS = "1000";
});

const fx = useOwnedProject();
const schema = uniqueName("src");
let client: pg.Client;
const ownerUrl = () => new URL(process.env.LARDER_TEST_OWNER_DATABASE_URL!);

beforeAll(async () => {
  client = new pg.Client({ connectionString: ownerUrl().toString() });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
});

afterAll(async () => {
  await stopBoss();
  await client?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client?.end();
});

const BASE = "2026-03-01T00:00:00Z";
/**
 * Rows with ids [from, to): the watermark grows by one second every three ids (so ties fall across batch
 * boundaries), stored in a shuffled physical order so that only ORDER BY gives watermark order. Each load ends on a
 * multiple of three, so the next load's first row is a second later (a row with the last watermark itself that
 * arrives later is not read: `> watermark`, docs/data-sources.md).
 */
const insertRows = (table: string, from: number, to: number) =>
  client.query(`INSERT INTO ${schema}.${table} (id, amount, updated_at)
    SELECT i, i / 10.0, TIMESTAMPTZ '${BASE}' + (i / 3) * INTERVAL '1 second'
      FROM generate_series(${from}, ${to - 1}) AS i ORDER BY md5(i::text)`);
const watermarkOf = (id: number) => new Date(Date.parse(BASE) + Math.floor(id / 3) * 1000).toISOString();

/** A source on a new table of `rows` rows and a feature group from it keyed by id, event time and watermark. */
const sourceWithGroup = async (rows: number) => {
  const table = uniqueName("tx");
  await client.query(`CREATE TABLE ${schema}.${table} (id bigint, amount float8, updated_at timestamptz NOT NULL)`);
  await insertRows(table, 0, rows);
  const url = ownerUrl();
  const source = uniqueName("stream");
  const created = await callRoute(
    sourcesRoute.POST,
    { project: fx.project.name },
    {
      userId: fx.owner.id,
      method: "POST",
      body: {
        name: source,
        kind: "postgres",
        connection: {
          host: url.hostname,
          port: Number(url.port || 5432),
          database: url.pathname.slice(1),
          user: "postgres",
        },
        table: `${schema}.${table}`,
      },
    },
  );
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  const group = uniqueName("streamed");
  const made = await callRoute(
    sourceGroupsRoute.POST,
    { project: fx.project.name, name: source },
    {
      userId: fx.owner.id,
      method: "POST",
      body: { name: group, primaryKey: ["id"], eventTime: "updated_at", watermarkColumn: "updated_at", ingest: false },
    },
  );
  expect(made.status, JSON.stringify(made.json)).toBe(201);
  const row = await db.featureGroup.findUniqueOrThrow({ where: { id: made.json.id } });
  return { table, group, featureGroupId: row.id, tablePath: row.tablePath };
};

const queueIngest = async (group: string) => {
  const queued = await callRoute(
    ingestRoute.POST,
    { project: fx.project.name, name: group, version: "1" },
    { userId: fx.owner.id, method: "POST" },
  );
  expect(queued.status, JSON.stringify(queued.json)).toBe(202);
  return queued.json.job.id as string;
};

/** Rows in the group's table, distinct ids among them, and the largest id. */
const contents = (tablePath: string) =>
  withDuckDb({}, async (connection) => {
    const relation = await readTable({ tablePath, connection });
    const [row] = await queryJsonRows(
      connection,
      `SELECT count(*) AS n, count(DISTINCT id) AS ids, max(id) AS top FROM ${relation.sql} AS fg`,
    );
    return { rows: Number(row.n), ids: Number(row.ids), top: row.top === null ? null : Number(row.top) };
  });
const linkOf = (featureGroupId: string) => db.featureGroupSource.findUniqueOrThrow({ where: { featureGroupId } });

describe("streamed ingest from a PostgreSQL source", () => {
  useTestWorker(["source-ingest"]);

  it("reads a table larger than one batch exactly once, in watermark order, and continues after its watermark", async () => {
    const { table, group, featureGroupId, tablePath } = await sourceWithGroup(3_501);
    const first = await waitForJobEnd(await queueIngest(group), 90_000);
    expect(first.status, first.error ?? "").toBe("SUCCEEDED");
    expect(first.result).toMatchObject({ rowsRead: 3_501, batches: 4 });
    expect(await contents(tablePath)).toEqual({ rows: 3_501, ids: 3_501, top: 3_500 });
    // The largest watermark read: the rows were fetched in watermark order, not in the table's shuffled order.
    expect(new Date((await linkOf(featureGroupId)).lastWatermark!).toISOString()).toBe(watermarkOf(3_500));

    await insertRows(table, 3_501, 5_601);
    const second = await waitForJobEnd(await queueIngest(group), 90_000);
    expect(second.status, second.error ?? "").toBe("SUCCEEDED");
    expect(second.result).toMatchObject({ rowsRead: 2_100, batches: 3 });
    expect(await contents(tablePath)).toEqual({ rows: 5_601, ids: 5_601, top: 5_600 });
    expect(new Date((await linkOf(featureGroupId)).lastWatermark!).toISOString()).toBe(watermarkOf(5_600));
  }, 180_000);

  it("a load that fails leaves the rows and the watermark as they were; the next one reads from there", async () => {
    const { table, group, featureGroupId, tablePath } = await sourceWithGroup(1_200);
    expect((await waitForJobEnd(await queueIngest(group), 90_000)).status).toBe("SUCCEEDED");
    const before = await linkOf(featureGroupId);
    // 1,500 new rows over two batches; one in the second batch has no key, so the whole load is refused.
    await insertRows(table, 1_200, 2_700);
    await client.query(`UPDATE ${schema}.${table} SET id = NULL WHERE id = 2600`);
    const failed = await waitForJobEnd(await queueIngest(group), 90_000);
    expect(failed.status).toBe("FAILED");
    expect(failed.error).toContain("'id'");
    expect(await contents(tablePath)).toEqual({ rows: 1_200, ids: 1_200, top: 1_199 });
    expect((await listCommits({ tablePath })).length).toBe(2);
    const afterFailure = await linkOf(featureGroupId);
    expect(afterFailure.lastWatermark).toBe(before.lastWatermark);
    // The refused load's staged copy is gone (the next run reads the source again).
    expect(existsSync(uploadDir({ projectId: fx.project.id, uploadId: afterFailure.pendingUploadId! }))).toBe(false);

    await client.query(`UPDATE ${schema}.${table} SET id = 2600 WHERE id IS NULL`);
    const fixed = await waitForJobEnd(await queueIngest(group), 90_000);
    expect(fixed.status, fixed.error ?? "").toBe("SUCCEEDED");
    expect(fixed.result).toMatchObject({ rowsRead: 1_500 });
    expect(await contents(tablePath)).toEqual({ rows: 2_700, ids: 2_700, top: 2_699 });
  }, 180_000);
});

describe("a source ingest killed after its commit", () => {
  it("is retried to the watermark its commit holds; rows that arrived meanwhile come with the next ingest", async () => {
    const { table, group, featureGroupId, tablePath } = await sourceWithGroup(2_502);
    const child = await startWorkerChild({
      types: "source-ingest",
      env: { LARDER_FAULT: "kill-after-delta-commit" },
    });
    let jobId: string;
    try {
      const died = new Promise((resolve) => child.once("exit", (_code, signal) => resolve(signal)));
      jobId = await queueIngest(group);
      expect(await died).toBe("SIGKILL");
    } finally {
      await killWorkerChild({ child });
    }
    // The commit is in the table; the registry has not recorded it and the watermark has not moved.
    expect((await listCommits({ tablePath })).length).toBe(2);
    expect(await contents(tablePath)).toEqual({ rows: 2_502, ids: 2_502, top: 2_501 });
    expect(await linkOf(featureGroupId)).toMatchObject({
      lastWatermark: null,
      pendingJobId: jobId,
      pendingWatermark: watermarkOf(2_501),
    });
    const staged = uploadDir({ projectId: fx.project.id, uploadId: (await linkOf(featureGroupId)).pendingUploadId! });
    expect(existsSync(staged)).toBe(true);
    await insertRows(table, 2_502, 3_002);

    const rescuer = await startRescuer({ types: ["source-ingest"] });
    try {
      const retried = await waitForJobEnd(jobId, 90_000);
      expect(retried.status, retried.error ?? "").toBe("SUCCEEDED");
      expect(retried.attempts).toBe(2);
      expect(retried.result).toMatchObject({ rowsRead: null, commit: { alreadyCommitted: true } });
      expect((await linkOf(featureGroupId)).lastWatermark).toBe(watermarkOf(2_501));
      expect(await db.featureGroupCommit.count({ where: { featureGroupId } })).toBe(1);
      // The killed attempt's staged load goes once the job is done.
      await expect.poll(() => existsSync(staged)).toBe(false);

      const next = await waitForJobEnd(await queueIngest(group), 90_000);
      expect(next.status, next.error ?? "").toBe("SUCCEEDED");
      expect(next.result).toMatchObject({ rowsRead: 500 });
      expect(await contents(tablePath)).toEqual({ rows: 3_002, ids: 3_002, top: 3_001 });
    } finally {
      await rescuer.stop({ graceMs: 1000 });
    }
  }, 240_000);
});
