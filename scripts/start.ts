// `npm start`: everything a user needs on one machine. Embedded PostgreSQL when DATABASE_URL is unset,
// migrations, the demo project on first run, a production build of the console when it is missing or
// stale, then the console/API (next start), the job runner and the feature server — stopped together on Ctrl-C.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { startEmbeddedPostgres, type TEmbeddedPostgres } from "../server/db/embedded";
import { runMigrations } from "../server/db/migrate";

const startedAt = Date.now();
const root = process.cwd();
const home = path.resolve(process.env.LARDER_HOME ?? ".larder");
const port = Number(process.env.PORT ?? 3000);
const log = (message: string) => console.log(`[larder] ${message}`);

const newestSourceMtime = (dirs: string[]): number => {
  let newest = 0;
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "generated" && !entry.name.startsWith(".")) walk(full);
      } else if (/\.(tsx?|css|mjs)$/.test(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  dirs.forEach((dir) => walk(path.join(root, dir)));
  for (const file of ["package.json", "next.config.ts", "proxy.ts"])
    if (existsSync(file)) newest = Math.max(newest, statSync(file).mtimeMs);
  return newest;
};

const ensureBuild = () => {
  const buildId = path.join(root, ".next", "BUILD_ID");
  const isStale =
    !existsSync(buildId) || statSync(buildId).mtimeMs < newestSourceMtime(["app", "components", "lib", "server"]);
  if (!isStale && process.env.LARDER_REBUILD !== "1") return;
  log("building the console (first run or sources changed; about a minute)…");
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    stdio: "inherit",
    env: process.env,
  });
  if (result.status !== 0) throw new Error("next build failed");
};

const ensureSecret = (): string => {
  if (process.env.NEXTAUTH_SECRET) return process.env.NEXTAUTH_SECRET;
  const file = path.join(home, "session-secret");
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
};

const main = async () => {
  mkdirSync(home, { recursive: true });
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  let embedded: TEmbeddedPostgres | null = null;
  if (!process.env.DATABASE_URL) {
    embedded = await startEmbeddedPostgres({ home, port: Number(process.env.LARDER_PG_PORT ?? 54329) });
    process.env.DATABASE_URL = embedded.url;
    log(`embedded PostgreSQL 17 on 127.0.0.1:${embedded.port} (data: ${embedded.dataDir})`);
  }
  const migrations = await runMigrations({ connectionString: process.env.DATABASE_URL });
  if (migrations.applied.length) log(`applied migrations: ${migrations.applied.join(", ")}`);
  process.env.NEXTAUTH_SECRET = ensureSecret();
  process.env.NEXTAUTH_URL ??= `http://localhost:${port}`;
  process.env.LARDER_HOME = home;

  const bootstrap = spawnSync(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "scripts/bootstrap.ts"],
    { stdio: "inherit", env: process.env },
  );
  if (bootstrap.status !== 0) throw new Error("bootstrap failed");
  ensureBuild();

  const children: ChildProcess[] = [];
  const launch = (name: string, command: string, args: string[]) => {
    const child = spawn(command, args, { stdio: "inherit", env: process.env });
    child.on("exit", (code, signal) => {
      if (!stopping) {
        log(`${name} exited (${signal ?? code}); stopping everything`);
        void shutdown(1);
      }
    });
    children.push(child);
    return child;
  };
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log("stopping…");
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once("exit", () => resolve());
            child.kill("SIGTERM");
            setTimeout(() => child.kill("SIGKILL"), 15_000).unref();
          }),
      ),
    );
    await embedded?.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  // The real processes, not npx wrappers: a wrapper does not pass SIGTERM on, which would leave orphans
  // holding the embedded database's connections after it stopped.
  launch("console", process.execPath, [
    path.join(root, "node_modules/next/dist/bin/next"),
    "start",
    "-p",
    String(port),
  ]);
  launch("worker", process.execPath, ["--conditions=react-server", "--import", "tsx", "server/jobs/worker-main.ts"]);
  launch("feature server", process.execPath, [
    "--conditions=react-server",
    "--import",
    "tsx",
    "server/serving/main.ts",
  ]);
  log(
    `feature server: http://localhost:${process.env.LARDER_SERVING_PORT ?? 6566}  (POST /v1/projects/{project}/feature-views/{name}/{version}/vector)`,
  );
  log(
    `console: http://localhost:${port}  (ready about ${((Date.now() - startedAt) / 1000).toFixed(1)} s after start, plus next start's own second)`,
  );
};

main().catch((error) => {
  console.error("[larder] failed to start:", error);
  process.exit(1);
});
