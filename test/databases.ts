import pg from "pg";
import { DEFAULT_APP_ROLE, ensureAppRole, prepareDatabase, urlForRole } from "../server/db/app-role";

// Databases the tests create on the machine's PostgreSQL (Vitest's global setup and the Playwright server): a fresh
// database migrated by the same runner production uses, the owner running migrations and the application signing in
// as the non-superuser application role, as in production (server/db/app-role.ts). Relative imports: the Playwright
// server loads this file outside the app's `@/` alias.

const ADMIN_URL = process.env.LARDER_TEST_ADMIN_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/** The owner's and the application's URLs of database `name`. */
export const databaseUrls = (name: string) => {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return { ownerUrl: url.toString(), appUrl: urlForRole(url.toString(), DEFAULT_APP_ROLE) };
};

const adminQuery = async (sql: string) => {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
};

/**
 * Creates database `name` (a copy of `template` when given: files copied, no migrations replayed), migrates it and
 * grants the application role its rights (database-level grants are not copied with a template). Returns the
 * owner's URL and the application's.
 */
export const createTestDatabase = async ({ name, template }: { name: string; template?: string }) => {
  await adminQuery(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`);
  const { ownerUrl, appUrl } = databaseUrls(name);
  await ensureAppRole({ ownerUrl });
  await prepareDatabase({ ownerUrl, appUrl });
  return { ownerUrl, appUrl };
};

export const dropTestDatabase = (name: string) => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
