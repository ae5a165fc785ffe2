// `npm run bench:online [-- --rows 10000000 --pg-rows 2000000]`
// Runs against a fresh database on the machine's PostgreSQL (or LARDER_BENCH_ADMIN_DATABASE_URL) and Redis at
// REDIS_URL (default redis://127.0.0.1:6379/14; keys under a unique prefix, removed afterwards); prints JSON.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { runMigrations } from "../server/db/migrate";

const { values } = parseArgs({ options: { rows: { type: "string" }, "pg-rows": { type: "string" } } });
const ADMIN_URL = process.env.LARDER_BENCH_ADMIN_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

const main = async () => {
  const database = `larder_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  const home = mkdtempSync(path.join(os.tmpdir(), "larder-bench-"));
  Object.assign(process.env, { DATABASE_URL: url.toString(), LARDER_HOME: home, LARDER_DATA_DIR: path.join(home, "data") });
  try {
    await runMigrations({ connectionString: url.toString() });
    const { runOnlineMaterializeBench } = await import("./online-materialize-bench");
    const rows = Number(values.rows ?? 10_000_000);
    const result = await runOnlineMaterializeBench({ rows, pgRows: Number(values["pg-rows"] ?? 2_000_000), redisUrl: process.env.REDIS_URL ?? "redis://127.0.0.1:6379/14" });
    console.log(JSON.stringify(result, null, 2));
    const { getPrisma } = await import("../server/db/client");
    await getPrisma().$disconnect();
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
    rmSync(home, { recursive: true, force: true });
  }
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
