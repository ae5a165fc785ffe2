// `npm start`: everything a user needs on one machine. Embedded PostgreSQL when DATABASE_URL is unset,
// migrations, the demo project on first run, a production build of the console when it is missing or
// stale, then the console/API (next start), the job runner and the feature server — stopped together on
// Ctrl-C, SIGTERM or SIGHUP at any moment, including during bootstrap and the build.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { startEmbeddedPostgres, type TEmbeddedPostgres } from "../server/db/embedded";
import { describeAppRole, ensureAppRole, prepareDatabase, DEFAULT_APP_ROLE, urlForRole } from "../server/db/app-role";
import { DEFAULT_SERVING_PORT } from "../lib/ports";

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

const isBuildStale = (): boolean => {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (process.env.LARDER_REBUILD === "1" || !existsSync(buildId)) return true;
  return statSync(buildId).mtimeMs < newestSourceMtime(["app", "components", "lib", "server"]);
};

const ensureSecret = (): string => {
  if (process.env.NEXTAUTH_SECRET) return process.env.NEXTAUTH_SECRET;
  const file = path.join(home, "session-secret");
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
};

const ensureAppRolePassword = (): string => {
  const file = path.join(home, "pg-app-password");
  if (!existsSync(file)) writeFileSync(file, randomBytes(18).toString("base64url"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
};

// Everything this process started, so that a signal at any moment stops exactly that.
let embedded: TEmbeddedPostgres | null = null;
let embeddedStarting: Promise<TEmbeddedPostgres> | null = null;
const running = new Map<string, ChildProcess>();
let stopping = false;

const stopChild = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    // A child that ignores SIGTERM for this long is stuck; the database must not be stopped under it.
    setTimeout(() => child.kill("SIGKILL"), 15_000).unref();
  });

const shutdown = async (code: number, reason?: string) => {
  if (stopping) return;
  stopping = true;
  if (reason) log(reason);
  const names = [...running.keys()];
  await Promise.all([...running.values()].map(stopChild));
  // A signal while the database was still starting: wait for it, so that it is stopped rather than orphaned.
  if (!embedded && embeddedStarting) embedded = await embeddedStarting.catch(() => null);
  if (embedded) {
    await embedded.stop();
    names.push("embedded PostgreSQL");
  }
  log(names.length ? `stopped ${names.join(", ")}` : "stopped");
  process.exit(code);
};

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void shutdown(0));

/** Spawns a child that this process stops on a signal; `detached` keeps the terminal's Ctrl-C from reaching it
 * directly, so it is stopped in order (servers first, then the database they are connected to). */
const launch = (name: string, args: string[]): ChildProcess => {
  const child = spawn(process.execPath, args, { stdio: "inherit", env: process.env, detached: true });
  running.set(name, child);
  child.once("exit", () => running.delete(name));
  return child;
};

/** Runs one start-up step as a child process and waits for it; a signal meanwhile stops it. */
const runStep = (name: string, args: string[]) =>
  new Promise<void>((resolve, reject) => {
    const child = launch(name, args);
    child.once("exit", (code, signal) => {
      if (stopping) return;
      if (code === 0) resolve();
      else reject(new Error(`${name} failed (${signal ?? `exit code ${code}`})`));
    });
  });

const main = async () => {
  mkdirSync(home, { recursive: true });
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  let ownerUrl = process.env.LARDER_MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!process.env.DATABASE_URL) {
    embeddedStarting = startEmbeddedPostgres({ home, port: Number(process.env.LARDER_PG_PORT ?? 54329) });
    embedded = await embeddedStarting;
    if (stopping) return;
    // Migrations run as the embedded server's superuser; the servers sign in as the application role, which
    // cannot alter the audit log (server/db/app-role.ts). Its password is kept beside the superuser's.
    ownerUrl = embedded.url;
    const password = ensureAppRolePassword();
    await ensureAppRole({ ownerUrl, password });
    process.env.DATABASE_URL = urlForRole(ownerUrl, DEFAULT_APP_ROLE, password);
    log(`embedded PostgreSQL 17 on 127.0.0.1:${embedded.port} (data: ${embedded.dataDir})`);
  }
  const migrations = await prepareDatabase({ ownerUrl: ownerUrl!, appUrl: process.env.DATABASE_URL });
  if (migrations.applied.length) log(`applied migrations: ${migrations.applied.join(", ")}`);
  // The servers never see the owner's connection.
  delete process.env.LARDER_MIGRATION_DATABASE_URL;
  const appRole = await describeAppRole(process.env.DATABASE_URL);
  if (appRole.canRewriteAuditLog)
    log(
      `warning: the application signs in as '${appRole.role}', a superuser or the audit log's owner, so the audit log is not tamper-resistant; see docs/operations.md (LARDER_MIGRATION_DATABASE_URL)`,
    );
  process.env.NEXTAUTH_SECRET = ensureSecret();
  process.env.NEXTAUTH_URL ??= `http://localhost:${port}`;
  process.env.LARDER_HOME = home;

  await runStep("bootstrap", ["--conditions=react-server", "--import", "tsx", "scripts/bootstrap.ts"]);
  if (isBuildStale()) {
    log("building the console (first run or sources changed; about a minute)…");
    await runStep("console build", [path.join(root, "node_modules/next/dist/bin/next"), "build"]);
  }
  if (stopping) return;

  // The real processes, not npx wrappers: a wrapper does not pass SIGTERM on, which would leave orphans
  // holding the embedded database's connections after it stopped.
  const servers: [string, string[]][] = [
    // The preload hands each request's socket address to the route handlers (server/client-ip.ts).
    [
      "console",
      [
        "--require",
        path.join(root, "scripts/peer-address.cjs"),
        path.join(root, "node_modules/next/dist/bin/next"),
        "start",
        "-p",
        String(port),
      ],
    ],
    ["worker", ["--conditions=react-server", "--import", "tsx", "server/jobs/worker-main.ts"]],
    ["feature server", ["--conditions=react-server", "--import", "tsx", "server/serving/main.ts"]],
  ];
  for (const [name, args] of servers) {
    launch(name, args).once("exit", (code, signal) => {
      if (!stopping) void shutdown(1, `${name} exited (${signal ?? code}); stopping everything`);
    });
  }
  log(
    `feature server: http://localhost:${process.env.LARDER_SERVING_PORT ?? DEFAULT_SERVING_PORT}  (POST /v1/projects/{project}/feature-views/{name}/{version}/vector)`,
  );
  log(
    `console: http://localhost:${port}  (ready about ${((Date.now() - startedAt) / 1000).toFixed(1)} s after start, plus next start's own second)`,
  );
};

main().catch((error: unknown) => {
  // Stopping on a signal makes whatever was starting fail (its database went away): not worth a message.
  if (stopping) return;
  console.error("[larder] failed to start:", error instanceof Error ? error.message : error);
  void shutdown(1);
});
