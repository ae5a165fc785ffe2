import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";

// `npm start` on a fresh machine, as a user runs it: embedded PostgreSQL, migrations, the demo seed, the console,
// the worker and the feature server — with and without Redis — and Ctrl-C (SIGINT to the whole process group, as
// a terminal sends it) stops everything it started, cleanly. Runs after `next build`, so the start reuses the build.

const PORT = 3261;
const SERVING_PORT = 6591;
const PG_PORT = 54361;
// A Redis database of its own, emptied afterwards: the demo's online rows must not pile up in the test Redis.
const REDIS_URL = "redis://127.0.0.1:6379/13";

type TStart = { child: ChildProcess; output: () => string; home: string; exited: Promise<number | null> };

const startLarder = ({ redis }: { redis: boolean }): TStart => {
  const home = mkdtempSync(path.join(os.tmpdir(), "larder-start-"));
  // The embedded PostgreSQL runs as the `postgres` OS user when we are root: it must be able to enter LARDER_HOME.
  chmodSync(home, 0o755);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LARDER_HOME: home,
    PORT: String(PORT),
    LARDER_PG_PORT: String(PG_PORT),
    LARDER_SERVING_PORT: String(SERVING_PORT),
    NEXT_TELEMETRY_DISABLED: "1",
  };
  delete env.DATABASE_URL;
  delete env.NEXTAUTH_SECRET;
  delete env.NEXTAUTH_URL;
  delete env.LARDER_DATA_DIR;
  if (redis) env.REDIS_URL = REDIS_URL;
  else delete env.REDIS_URL;
  let output = "";
  // detached: its own process group, so the test can send SIGINT to the group like a terminal's Ctrl-C.
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], { env, detached: true });
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, home, exited };
};

const isUp = async (url: string): Promise<boolean> => {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
};

const waitFor = async (what: string, check: () => Promise<boolean> | boolean, start: TStart, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    if (start.child.exitCode !== null) throw new Error(`npm start exited before ${what}:\n${start.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms:\n${start.output()}`);
};

const postmasterPid = (home: string): number | null => {
  const candidates = [path.join(home, "pg", "postmaster.pid")];
  const readme = path.join(home, "pg", "README");
  if (existsSync(readme))
    candidates.push(path.join(/in (\S+)/.exec(readFileSync(readme, "utf8"))![1], "postmaster.pid"));
  for (const file of candidates) if (existsSync(file)) return Number(readFileSync(file, "utf8").split("\n")[0]);
  return null;
};

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const cleanUp = async (start: TStart) => {
  if (start.child.exitCode === null) process.kill(-start.child.pid!, "SIGKILL");
  rmSync(start.home, { recursive: true, force: true });
};

test.describe("npm start", () => {
  test.describe.configure({ timeout: 300_000 });

  for (const redis of [false, true]) {
    test(`first start ${redis ? "with" : "without"} Redis serves the demo; Ctrl-C stops everything cleanly`, async () => {
      const start = startLarder({ redis });
      try {
        await waitFor("the console answering", () => isUp(`http://localhost:${PORT}/signin`), start, 240_000);
        await waitFor(
          "the feature server answering",
          () => isUp(`http://localhost:${SERVING_PORT}/health`),
          start,
          60_000,
        );
        expect(start.output()).toContain("seeded the demo project 'fraud_detection'");
        const postgres = postmasterPid(start.home);
        expect(postgres, "the embedded PostgreSQL wrote its pid file").not.toBeNull();
        expect(isAlive(postgres!)).toBe(true);

        process.kill(-start.child.pid!, "SIGINT");
        expect(await start.exited).toBe(0);
        const output = start.output();
        expect(output).toContain("stopped console, worker, feature server, embedded PostgreSQL");
        // A clean shutdown says what it stopped and nothing else: no stack trace, no unhandled error event.
        expect(output).not.toMatch(/^\s+at /m);
        expect(output).not.toMatch(/Unhandled|terminating connection|ECONNREFUSED/i);
        expect(isAlive(postgres!), "the embedded PostgreSQL is stopped").toBe(false);
        expect(await isUp(`http://localhost:${PORT}/signin`)).toBe(false);
        expect(await isUp(`http://localhost:${SERVING_PORT}/health`)).toBe(false);
      } finally {
        await cleanUp(start);
      }
    });
  }

  // Two moments of the first start: while migrations run (right after the database is up) and during the demo seed.
  for (const delayMs of [0, 4_000]) {
    test(`aborting the first start ${delayMs} ms after the database is up stops everything it started`, async () => {
      const start = startLarder({ redis: true });
      try {
        await waitFor(
          "the embedded PostgreSQL",
          () => start.output().includes("embedded PostgreSQL 17 on"),
          start,
          120_000,
        );
        const postgres = postmasterPid(start.home);
        expect(postgres).not.toBeNull();
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        process.kill(start.child.pid!, "SIGTERM");
        expect(await start.exited).toBe(0);
        expect(start.output()).toMatch(/stopped .*embedded PostgreSQL/);
        expect(start.output()).not.toMatch(/^\s+at |Unhandled|failed to start/m);
        expect(isAlive(postgres!)).toBe(false);
      } finally {
        await cleanUp(start);
      }
    });
  }

  test.afterAll(async () => {
    const { default: Redis } = await import("ioredis");
    const redis = new Redis(REDIS_URL);
    await redis.flushdb();
    redis.disconnect();
  });
});
