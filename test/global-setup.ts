import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { Redis } from "ioredis";
import pg from "pg";
import { createTestDatabase, databaseUrls, dropTestDatabase } from "./databases";
import { workerDatabase, workerHome } from "./worker-env";

// Integration tests run against the machine's real PostgreSQL. Each run migrates one template database, then
// copies it once per Vitest worker (CREATE DATABASE … TEMPLATE copies files: no migrations replayed): files run two
// at a time, each worker on its own database, data directory, LARDER_HOME and temporary directory
// (test/worker-env.ts), so pg-boss queues, whole-table snapshots and file listings never see another file's work.
// Everything is dropped afterwards.

/**
 * The online-store keys the run's projects left in the shared Redis database (`larder:<projectId>:…`): left there, they
 * piled up run after run (half a million keys in one day), and every look at a project's keys (`KEYS`, the state
 * snapshot) reads them all. Only keys of projects of this run's databases are removed, never the whole database.
 */
const removeOnlineKeys = async (databases: string[]) => {
  const projects = new Set<string>();
  for (const database of databases) {
    const client = new pg.Client({ connectionString: databaseUrls(database).ownerUrl });
    await client.connect();
    try {
      for (const row of (await client.query<{ id: string }>(`SELECT id FROM "Project"`)).rows) projects.add(row.id);
    } finally {
      await client.end();
    }
  }
  const redis = new Redis(process.env.REDIS_URL!);
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", "larder:prj_*", "COUNT", 10_000);
      cursor = next;
      const ours = keys.filter((key) => projects.has(key.split(":")[1] ?? ""));
      if (ours.length) await redis.unlink(...ours);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
};

export default async function setup(project: TestProject) {
  // Each Vitest project (vitest.config.ts: "shared", "isolated") inherits this setup; the first call serves them all.
  // (Marked before the first await, in case the projects' setups run at once.)
  if (process.env.LARDER_TEST_SETUP_STARTED) return async () => undefined;
  process.env.LARDER_TEST_SETUP_STARTED = "1";
  const template = `larder_test_${process.pid}_${Date.now().toString(36)}`;
  const workers = Math.max(1, project.config.maxWorkers);
  const root = mkdtempSync(path.join(os.tmpdir(), "larder-test-"));
  await createTestDatabase({ name: template });
  for (let worker = 1; worker <= workers; worker += 1) {
    await createTestDatabase({ name: workerDatabase(template, worker), template });
    mkdirSync(path.join(workerHome(root, worker), "tmp"), { recursive: true });
  }
  // Read by test/worker-env.ts in each worker, which points DATABASE_URL and the directories at the worker's own.
  process.env.LARDER_TEST_DATABASE = template;
  process.env.LARDER_TEST_ROOT = root;
  process.env.NEXTAUTH_SECRET = "test-secret-not-for-production-0123456789";
  // Online-store keys carry the project's id, so the workers share this Redis database without meeting.
  process.env.REDIS_URL ??= "redis://127.0.0.1:6379/15";
  // A killed worker's job is retried within seconds rather than half a minute (server/env.ts).
  process.env.LARDER_JOB_HEARTBEAT_SECONDS = "10";
  process.env.LARDER_JOB_RETRY_DELAY_SECONDS = "1";
  // Every route response is checked against its operation's declaration (server/http/response-contract.ts).
  process.env.LARDER_CHECK_RESPONSES = "1";
  // The webhook allow-list of the tests: their local receivers (any port) and a name that resolves nowhere.
  process.env.LARDER_WEBHOOK_ALLOWED_HOSTS = "127.0.0.1,hooks.example.test";

  return async () => {
    await removeOnlineKeys(Array.from({ length: workers }, (_, index) => workerDatabase(template, index + 1)));
    for (let worker = 1; worker <= workers; worker += 1) await dropTestDatabase(workerDatabase(template, worker));
    await dropTestDatabase(template);
    rmSync(root, { recursive: true, force: true });
  };
}
