// The stack the end-to-end tests drive: a fresh database on the machine's PostgreSQL, migrated and seeded
// with the demo, then the production console (`next start`) and the job runner. Torn down on exit.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTestDatabase, dropTestDatabase } from "../../test/databases";
import { OIDC_CLIENT, OIDC_ISSUER, OIDC_NAME } from "./oidc";

const port = process.env.E2E_PORT ?? "3210";

const main = async () => {
  const database = `larder_e2e_${Date.now().toString(36)}`;
  const home = mkdtempSync(path.join(os.tmpdir(), "larder-e2e-"));
  // As in production: migrations as the owner, the servers as the application role (server/db/app-role.ts).
  const { appUrl } = await createTestDatabase({ name: database });
  const env = {
    ...process.env,
    DATABASE_URL: appUrl,
    LARDER_HOME: home,
    LARDER_DATA_DIR: path.join(home, "data"),
    NEXTAUTH_SECRET: "e2e-secret-0123456789abcdefghijklmnop",
    NEXTAUTH_URL: `http://localhost:${port}`,
    NEXT_TELEMETRY_DISABLED: "1",
    LARDER_LOGIN_MAX_FAILURES: "3",
    LARDER_LOGIN_LOCK_SECONDS: "60",
    // Single sign-on against the loopback provider that e2e/sso.spec.ts starts (e2e/support/oidc.ts).
    LARDER_OIDC_ISSUER: OIDC_ISSUER,
    LARDER_OIDC_CLIENT_ID: OIDC_CLIENT.id,
    LARDER_OIDC_CLIENT_SECRET: OIDC_CLIENT.secret,
    LARDER_OIDC_NAME: OIDC_NAME,
  };
  writeFileSync(
    path.join(os.tmpdir(), `larder-e2e-env-${port}.json`),
    JSON.stringify({ DATABASE_URL: env.DATABASE_URL, LARDER_DATA_DIR: env.LARDER_DATA_DIR }),
  );
  const seeded = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/bootstrap.ts"], {
    env,
    stdio: "inherit",
  });
  if (seeded.status !== 0) throw new Error("seeding failed");

  // The real processes (not npx wrappers, which do not pass SIGTERM on and would leave orphans).
  const children: ChildProcess[] = [
    // As `npm start` does: the preload hands each request's socket address to the route handlers.
    spawn(
      process.execPath,
      ["--require", "./scripts/peer-address.cjs", "node_modules/next/dist/bin/next", "start", "-p", port],
      { env, stdio: "inherit" },
    ),
  ];
  children.push(
    spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "server/jobs/worker-main.ts"], {
      env,
      stdio: "inherit",
    }),
  );
  const cleanup = async () => {
    children.forEach((child) => child.kill("SIGTERM"));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await dropTestDatabase(database).catch(() => undefined);
    rmSync(home, { recursive: true, force: true });
    process.exit(0);
  };
  process.on("SIGTERM", () => void cleanup());
  process.on("SIGINT", () => void cleanup());
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
