// `npm run bench:ingest [-- --rows 1000000 --base-rows 10000000 --upsert-rows 1000000 --csv-gb 1]`
// Runs against a fresh database on the machine's PostgreSQL (or LARDER_BENCH_ADMIN_DATABASE_URL) and prints JSON.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { runMigrations } from "../server/db/migrate";

const { values } = parseArgs({ options: { rows: { type: "string" }, "base-rows": { type: "string" }, "upsert-rows": { type: "string" }, "csv-gb": { type: "string" } } });
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
    const { runIngestBench } = await import("./ingest-bench");
    const result = await runIngestBench({
      rows: Number(values.rows ?? 1_000_000),
      baseRows: Number(values["base-rows"] ?? 10_000_000),
      upsertRows: Number(values["upsert-rows"] ?? 1_000_000),
      csvBytes: Number(values["csv-gb"] ?? 1) * 2 ** 30,
    });
    console.log(JSON.stringify(result, null, 2));
    const { getPrisma } = await import("../server/db/client");
    const { stopBoss } = await import("../server/jobs/boss");
    // The bench enqueued through pg-boss: close it before its database is dropped.
    await stopBoss();
    await getPrisma().$disconnect();
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
    rmSync(home, { recursive: true, force: true });
  }
};

main().then(() => process.exit(0)).catch((error) => {
  console.error(error);
  process.exit(1);
});
