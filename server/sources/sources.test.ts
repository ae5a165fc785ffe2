import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as sourceRoute from "@/app/api/v1/projects/[project]/data-sources/[name]/route";
import * as sourceGroupsRoute from "@/app/api/v1/projects/[project]/data-sources/[name]/feature-groups/route";
import * as sourcesRoute from "@/app/api/v1/projects/[project]/data-sources/route";
import * as ingestRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/source-ingest/route";
import * as schedulesRoute from "@/app/api/v1/projects/[project]/job-schedules/route";
import { db } from "@/server/db/client";
import { startEmbeddedPostgres, type TEmbeddedPostgres } from "@/server/db/embedded";
import { fireSchedule } from "@/server/jobs/schedules";
import { featureGroupApi } from "@/test/fixtures/feature-group-api";
import { tagsApi, resultNames } from "@/test/fixtures/tags";
import { useOwnedProject } from "@/test/fixtures/test-project";
import { callRoute, uniqueName, waitForJobEnd } from "@/test/helpers";

// Data sources (docs/data-sources.md) against a password-protected embedded PostgreSQL (the machine's own trusts
// every local connection): refused connections name their cause and never the password, the password is encrypted
// at rest, and feature groups are filled from a table incrementally by a watermark, on demand and on a schedule.

const allowedDir = vi.hoisted(() => {
  const dir = `${process.env.TMPDIR ?? "/tmp"}/larder-sources-${process.pid}`;
  process.env.LARDER_SOURCE_DIRS = dir;
  process.env.LARDER_SOURCE_CONNECT_TIMEOUT_MS = "1500";
  return dir;
});

const fx = useOwnedProject({ roles: ["AUDITOR"], workerTypes: ["source-ingest", "statistics"] });
const groupApi = featureGroupApi(fx);

let external: TEmbeddedPostgres;
let externalHome: string;
let password: string;
let client: pg.Client;
/** A TCP server that accepts connections and never says a word: a source host that stopped answering. */
let silent: { port: number; close: () => void };
/** A TCP server that closes every connection at once: not a PostgreSQL server. */
let hangup: { port: number; close: () => void };

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

beforeAll(async () => {
  externalHome = mkdtempSync(path.join(os.tmpdir(), "larder-source-pg-"));
  external = await startEmbeddedPostgres({ home: externalHome, port: await freePort(), database: "shop" });
  password = decodeURIComponent(new URL(external.url).password);
  client = new pg.Client({ connectionString: external.url });
  await client.connect();
  await client.query(`CREATE TABLE public.transactions (id bigint PRIMARY KEY, "cardId" bigint, amount float8,
    updated_at timestamptz NOT NULL)`);
  await client.query(`INSERT INTO public.transactions VALUES
    (1, 10, 5.5, '2026-01-01T10:00:00Z'), (2, 11, 7.25, '2026-01-02T10:00:00Z'), (3, 10, 1.0, '2026-01-03T10:00:00Z')`);
  mkdirSync(allowedDir, { recursive: true });
  const sockets = new Set<import("node:net").Socket>();
  const server = createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  silent = {
    port: (server.address() as { port: number }).port,
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
  const closer = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => closer.listen(0, "127.0.0.1", resolve));
  hangup = { port: (closer.address() as { port: number }).port, close: () => closer.close() };
}, 120_000);

afterAll(async () => {
  silent?.close();
  hangup?.close();
  await client?.end();
  await external?.stop();
  rmSync(externalHome, { recursive: true, force: true });
  rmSync(allowedDir, { recursive: true, force: true });
});

const connection = (overrides: Record<string, unknown> = {}) => ({
  host: "127.0.0.1",
  port: external.port,
  database: "shop",
  user: "postgres",
  password,
  ...overrides,
});
const create = (body: Record<string, unknown>) =>
  callRoute(sourcesRoute.POST, { project: fx.project.name }, { userId: fx.owner.id, method: "POST", body });
const fromSource = (source: string, body: Record<string, unknown>) =>
  callRoute(
    sourceGroupsRoute.POST,
    { project: fx.project.name, name: source },
    { userId: fx.owner.id, method: "POST", body },
  );
const rowsOf = async (group: string) => (await groupApi.preview(group)).json.rows as Record<string, unknown>[];
const latestJob = (featureGroupId: string) =>
  db.job.findFirstOrThrow({ where: { featureGroupId, type: "source-ingest" }, orderBy: { createdAt: "desc" } });

/** Everything a secret could leak into after the calls so far: audit events, job rows and their logs. */
const leakedAnywhere = async (secret: string) => {
  const [events, jobs, logs] = await Promise.all([
    db.auditEvent.findMany({ where: { projectId: fx.project.id } }),
    db.job.findMany({ where: { projectId: fx.project.id } }),
    db.jobLog.findMany({ where: { job: { projectId: fx.project.id } } }),
  ]);
  return JSON.stringify([events, jobs, logs], (_key, value) =>
    typeof value === "bigint" ? String(value) : value,
  ).includes(secret);
};

describe("PostgreSQL data sources", () => {
  it("refuse a wrong password with a 4xx naming the field, never the password, saving nothing", async () => {
    const name = uniqueName("wrong_pw");
    const wrong = "not-the-password-42";
    const response = await create({
      name,
      kind: "postgres",
      connection: connection({ password: wrong }),
      table: "transactions",
    });
    expect(response.status).toBe(422);
    expect(response.json.errors).toEqual([
      {
        path: "connection.password",
        message: expect.stringContaining("password authentication failed for user 'postgres'"),
      },
    ]);
    expect(JSON.stringify(response.json)).not.toContain(wrong);
    expect(await db.dataSource.count({ where: { name } })).toBe(0);
    expect(await leakedAnywhere(wrong)).toBe(false);
  });

  it.each([
    ["a closed port", () => ({ port: 1 }), "connection.host"],
    ["an unknown database", () => ({ database: "nope" }), "connection.database"],
    ["a host that accepts connections and never answers", () => ({ port: silent.port }), "connection.host"],
    ["a host that hangs up at once (not a PostgreSQL server)", () => ({ port: hangup.port }), "connection.host"],
    // Not routed anywhere: the connect hangs until the timeout (or a network in between drops it at once).
    ["a non-routable address", () => ({ host: "10.255.255.1", port: 5432 }), "connection.host"],
  ])("refuse %s within the connect timeout, naming the field, saving nothing", async (_what, overrides, field) => {
    const name = uniqueName("unreachable");
    const started = Date.now();
    const response = await create({
      name,
      kind: "postgres",
      connection: connection(overrides()),
      table: "transactions",
    });
    expect(response.status).toBe(422);
    expect(response.json.errors[0].path).toBe(field);
    expect(JSON.stringify(response.json)).not.toContain(password);
    expect(await db.dataSource.count({ where: { name } })).toBe(0);
    // LARDER_SOURCE_CONNECT_TIMEOUT_MS is 1.5 s here: the answer comes long before a hung TCP connect would end.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("refuse a table that does not exist", async () => {
    const response = await create({ name: uniqueName("t"), kind: "postgres", connection: connection(), table: "nope" });
    expect(response.status).toBe(422);
    expect(response.json.errors[0].path).toBe("table");
  });

  it("keep the password encrypted at rest and never answer it", async () => {
    const name = uniqueName("shop_tx");
    const response = await create({ name, kind: "postgres", connection: connection(), table: "public.transactions" });
    expect(response.status, JSON.stringify(response.json)).toBe(201);
    expect(response.json.connection).toEqual({
      host: "127.0.0.1",
      port: external.port,
      database: "shop",
      user: "postgres",
      hasPassword: true,
    });
    expect(response.json.columns.map((c: { name: string; type: string }) => `${c.name}:${c.type}`)).toEqual([
      "id:bigint",
      "card_id:bigint",
      "amount:double",
      "updated_at:timestamp",
    ]);
    const stored = await db.dataSource.findFirstOrThrow({ where: { name } });
    const bytes = Buffer.from(stored.secret!);
    for (const form of [password, Buffer.from(password).toString("base64"), Buffer.from(password).toString("hex")])
      expect(bytes.toString("latin1")).not.toContain(form);
    expect(JSON.stringify(stored.config)).not.toContain(password);
    const read = await callRoute(sourceRoute.GET, { project: fx.project.name, name }, { userId: fx.members[0].id });
    expect(JSON.stringify(read.json)).not.toContain(password);
    expect(await leakedAnywhere(password)).toBe(false);
  });

  it("fill a feature group incrementally by its watermark, on demand and on a schedule", async () => {
    const source = uniqueName("incremental");
    expect(
      (await create({ name: source, kind: "postgres", connection: connection(), table: "transactions" })).status,
    ).toBe(201);
    const group = uniqueName("tx_from_pg");
    const created = await fromSource(source, {
      name: group,
      primaryKey: ["id"],
      eventTime: "updated_at",
      watermarkColumn: "updated_at",
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const first = await waitForJobEnd((await latestJob(created.json.id)).id);
    expect(first.status, first.error ?? "").toBe("SUCCEEDED");
    expect(first.result).toMatchObject({ rowsRead: 3 });
    expect((await rowsOf(group)).map((row) => Number(row.id)).sort()).toEqual([1, 2, 3]);

    // New and changed rows after the watermark; an old row changed without moving its watermark is not read.
    await client.query(`INSERT INTO public.transactions VALUES (4, 12, 9.0, '2026-01-04T10:00:00Z')`);
    await client.query(`UPDATE public.transactions SET amount = 70, updated_at = '2026-01-05T10:00:00Z' WHERE id = 2`);
    await client.query(`UPDATE public.transactions SET amount = 99 WHERE id = 1`);
    const queued = await callRoute(
      ingestRoute.POST,
      { project: fx.project.name, name: group, version: "1" },
      { userId: fx.owner.id, method: "POST" },
    );
    expect(queued.status).toBe(202);
    const second = await waitForJobEnd(queued.json.job.id);
    expect(second.status, second.error ?? "").toBe("SUCCEEDED");
    expect(second.result).toMatchObject({ rowsRead: 2 });
    const rows = await rowsOf(group);
    // Keyed by id and event time: the changed row is a new point in id 2's history; id 1's silent change is unread.
    expect(rows.map((row) => Number(row.id)).sort()).toEqual([1, 2, 2, 3, 4]);
    expect(rows.filter((row) => Number(row.id) === 2).map((row) => row.amount)).toEqual(
      expect.arrayContaining([7.25, 70]),
    );
    expect(rows.filter((row) => Number(row.id) === 1).map((row) => row.amount)).toEqual([5.5]);
    const link = await db.featureGroupSource.findUniqueOrThrow({ where: { featureGroupId: created.json.id } });
    expect(new Date(link.lastWatermark!).toISOString()).toBe("2026-01-05T10:00:00.000Z");

    // A schedule fires the same job (the path pg-boss takes at the cron's time).
    await client.query(`INSERT INTO public.transactions VALUES (5, 10, 3.0, '2026-01-06T10:00:00Z')`);
    const schedule = await callRoute(
      schedulesRoute.POST,
      { project: fx.project.name },
      {
        userId: fx.owner.id,
        method: "POST",
        body: {
          type: "source-ingest",
          cron: "*/5 * * * *",
          payload: { featureGroupId: created.json.id },
          enabled: true,
        },
      },
    );
    expect(schedule.status, JSON.stringify(schedule.json)).toBe(201);
    const fired = await fireSchedule({ scheduleId: schedule.json.id, firedAt: new Date() });
    const third = await waitForJobEnd(fired.jobId!);
    expect(third.status, third.error ?? "").toBe("SUCCEEDED");
    expect(third.result).toMatchObject({ rowsRead: 1 });
    expect((await rowsOf(group)).map((row) => Number(row.id)).sort()).toEqual([1, 2, 2, 3, 4, 5]);
  });

  it("fail the ingest job naming the cause, never the password, when the password no longer works", async () => {
    const source = uniqueName("rotated");
    await create({ name: source, kind: "postgres", connection: connection(), table: "transactions" });
    const group = uniqueName("tx_rotated");
    const created = await fromSource(source, { name: group, primaryKey: ["id"], ingest: false });
    expect(created.status).toBe(201);
    await client.query(`ALTER ROLE postgres PASSWORD 'rotated-secret-123'`);
    try {
      const queued = await callRoute(
        ingestRoute.POST,
        { project: fx.project.name, name: group, version: "1" },
        { userId: fx.owner.id, method: "POST" },
      );
      const job = await waitForJobEnd(queued.json.job.id);
      expect(job.status).toBe("FAILED");
      expect(job.error).toContain("password authentication failed for user 'postgres'");
      expect(await leakedAnywhere(password)).toBe(false);
      expect(await leakedAnywhere("rotated-secret-123")).toBe(false);
      expect(await rowsOf(group)).toEqual([]);
    } finally {
      await client.query(`ALTER ROLE postgres PASSWORD '${password.replaceAll("'", "''")}'`);
    }
  });

  it("fail the ingest job within the connect timeout, naming the host, when the source stops answering", async () => {
    const source = uniqueName("moved");
    await create({ name: source, kind: "postgres", connection: connection(), table: "transactions" });
    const group = uniqueName("tx_moved");
    expect((await fromSource(source, { name: group, primaryKey: ["id"], ingest: false })).status).toBe(201);
    // The source's server moved behind a host that accepts connections and never answers.
    const row = await db.dataSource.findFirstOrThrow({ where: { name: source } });
    await db.dataSource.update({
      where: { id: row.id },
      data: { config: { ...(row.config as Record<string, unknown>), port: silent.port } },
    });
    const queued = await callRoute(
      ingestRoute.POST,
      { project: fx.project.name, name: group, version: "1" },
      { userId: fx.owner.id, method: "POST" },
    );
    const job = await waitForJobEnd(queued.json.job.id);
    expect(job.status).toBe("FAILED");
    expect(job.attempts).toBe(1);
    expect(job.error).toBe(`could not read the data source: 127.0.0.1:${silent.port} did not answer within 1500 ms`);
    expect(await leakedAnywhere(password)).toBe(false);
    expect(await rowsOf(group)).toEqual([]);
  });

  it("refuse a feature group whose keys are not columns of the source, naming them", async () => {
    const source = uniqueName("keys");
    await create({ name: source, kind: "postgres", connection: connection(), table: "transactions" });
    const response = await fromSource(source, { name: uniqueName("g"), primaryKey: ["nope"], watermarkColumn: "nah" });
    expect(response.status).toBe(422);
    expect(response.json.errors.map((e: { path: string }) => e.path)).toEqual(["primaryKey.0", "watermarkColumn"]);
  });
});

describe("file data sources", () => {
  it("are allowed only under the configured directories", async () => {
    const outside = path.join(os.tmpdir(), `${uniqueName("outside")}.csv`);
    writeFileSync(outside, "id,v\n1,2\n");
    try {
      for (const requested of [outside, path.join(allowedDir, "..", path.basename(outside)), "relative.csv"]) {
        const response = await create({ name: uniqueName("f"), kind: "file", path: requested });
        expect(response.status, requested).toBe(422);
        expect(response.json.errors[0].path).toBe("path");
      }
    } finally {
      rmSync(outside, { force: true });
    }
  });

  it("create a feature group with the file's inferred schema and ingest it", async () => {
    const file = path.join(allowedDir, "cards.csv");
    writeFileSync(file, "card_id,limit_eur,opened\n1,1000.5,2026-01-01\n2,250,2026-02-01\n");
    const source = uniqueName("cards_file");
    const created = await create({ name: source, kind: "file", path: file });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const group = uniqueName("cards_from_file");
    const made = await fromSource(source, { name: group, primaryKey: ["card_id"] });
    expect(made.status, JSON.stringify(made.json)).toBe(201);
    expect(made.json.features.map((f: { name: string }) => f.name)).toEqual(["card_id", "limit_eur", "opened"]);
    const job = await waitForJobEnd((await latestJob(made.json.id)).id);
    expect(job.status, job.error ?? "").toBe("SUCCEEDED");
    expect((await rowsOf(group)).map((row) => row.limit_eur)).toEqual(expect.arrayContaining([1000.5, 250]));
  });
});

describe("search", () => {
  it("finds data sources by name and keyword, and a source in use cannot be deleted", async () => {
    const name = uniqueName("searchable_source");
    await create({
      name,
      kind: "postgres",
      connection: connection(),
      table: "transactions",
      description: "Shop ledger",
    });
    const labels = await callRoute(
      (await import("@/app/api/v1/projects/[project]/data-sources/[name]/tags/route")).PUT,
      { project: fx.project.name, name },
      { userId: fx.owner.id, method: "PUT", body: { tags: [], keywords: ["ledger"] } },
    );
    expect(labels.status).toBe(200);
    expect(resultNames((await tagsApi.search(fx.owner.id, name)).json, "dataSource")).toEqual([name]);
    expect(resultNames((await tagsApi.search(fx.owner.id, "keyword:ledger")).json, "dataSource")).toContain(name);
    await fromSource(name, { name: uniqueName("uses"), primaryKey: ["id"], ingest: false });
    const refused = await callRoute(
      sourceRoute.DELETE,
      { project: fx.project.name, name },
      {
        userId: fx.owner.id,
        method: "DELETE",
      },
    );
    expect(refused.status).toBe(409);
  });
});
