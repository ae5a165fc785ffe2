import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { DEFAULT_APP_ROLE, ensureAppRole, prepareDatabase, urlForRole } from "../server/db/app-role";

// Integration tests run against the machine's real PostgreSQL: each run gets a fresh database,
// migrated by the same runner production uses, and dropped afterwards.
const ADMIN_URL = process.env.LARDER_TEST_ADMIN_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export default async function setup() {
  const name = `larder_test_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  // Migrations run as the owner (postgres); the application's connection — every test's `db`, pg-boss, the online
  // store — signs in as the non-superuser application role, as in production (server/db/app-role.ts).
  const ownerUrl = url.toString();
  await ensureAppRole({ ownerUrl });
  const appUrl = urlForRole(ownerUrl, DEFAULT_APP_ROLE);
  await prepareDatabase({ ownerUrl, appUrl });
  process.env.DATABASE_URL = appUrl;
  process.env.LARDER_TEST_OWNER_DATABASE_URL = ownerUrl;
  const home = mkdtempSync(path.join(os.tmpdir(), "larder-test-"));
  process.env.LARDER_HOME = home;
  process.env.LARDER_DATA_DIR = path.join(home, "data");
  process.env.NEXTAUTH_SECRET = "test-secret-not-for-production-0123456789";
  process.env.REDIS_URL ??= "redis://127.0.0.1:6379/15";
  // Every route response is checked against its operation's declaration (server/http/response-contract.ts).
  process.env.LARDER_CHECK_RESPONSES = "1";

  return async () => {
    const cleanup = new pg.Client({ connectionString: ADMIN_URL });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await cleanup.end();
    rmSync(home, { recursive: true, force: true });
  };
}
