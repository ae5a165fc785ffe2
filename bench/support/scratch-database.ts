import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { runMigrations } from "../../server/db/migrate";

// Every benchmark runs against its own fresh, migrated database on the machine's PostgreSQL (or
// LARDER_BENCH_ADMIN_DATABASE_URL) and its own data directory; both are removed afterwards.
const ADMIN_URL = process.env.LARDER_BENCH_ADMIN_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export const withScratchDatabase = async <T>(prefix: string, run: (databaseUrl: string) => Promise<T>): Promise<T> => {
  const database = `${prefix}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  const home = mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  Object.assign(process.env, {
    DATABASE_URL: url.toString(),
    LARDER_HOME: home,
    LARDER_DATA_DIR: path.join(home, "data"),
  });
  try {
    await runMigrations({ connectionString: url.toString() });
    return await run(url.toString());
  } finally {
    // Whatever the bench opened against the database closes before the database is dropped.
    const { stopBoss } = await import("../../server/jobs/boss");
    const { getPrisma } = await import("../../server/db/client");
    await stopBoss();
    await getPrisma().$disconnect();
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
    rmSync(home, { recursive: true, force: true });
  }
};
