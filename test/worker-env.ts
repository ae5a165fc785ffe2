import path from "node:path";
import { forgetEnv } from "@/server/env";
import { databaseUrls } from "./databases";

// Runs in every Vitest worker before each test file (setupFiles), before anything reads the environment: points the
// file at its worker's copy of the migrated database (test/global-setup.ts) and at the worker's own LARDER_HOME, data
// directory and TMPDIR (DuckDB pipes, training scratch), so two files running at once share nothing but Redis.

export const workerDatabase = (template: string, worker: number) => `${template}_w${worker}`;
export const workerHome = (root: string, worker: number) => path.join(root, `w${worker}`);

const template = process.env.LARDER_TEST_DATABASE;
const root = process.env.LARDER_TEST_ROOT;
if (template && root && process.env.VITEST_POOL_ID) {
  const worker = Number(process.env.VITEST_POOL_ID);
  const { ownerUrl, appUrl } = databaseUrls(workerDatabase(template, worker));
  process.env.LARDER_TEST_OWNER_DATABASE_URL = ownerUrl;
  process.env.DATABASE_URL = appUrl;
  const home = workerHome(root, worker);
  process.env.LARDER_HOME = home;
  process.env.LARDER_DATA_DIR = path.join(home, "data");
  process.env.TMPDIR = path.join(home, "tmp");
}

// Files of a worker share its module graph (vitest.config.ts, isolate: false), so a file that sets process.env at its
// top would leak into the next file, and server/env.ts would answer from what an earlier file parsed. Each file starts
// from the worker's environment as it stood before its first file, and getEnv() reads it again.
const SNAPSHOT = Symbol.for("larder.test.env");
const store = globalThis as unknown as Record<symbol, Record<string, string | undefined> | undefined>;
const snapshot = store[SNAPSHOT];
if (!snapshot) store[SNAPSHOT] = { ...process.env };
else {
  for (const key of Object.keys(process.env)) if (!(key in snapshot)) delete process.env[key];
  Object.assign(process.env, snapshot);
}
forgetEnv();
