import pg from "pg";
import { runMigrations, type TMigrationResult } from "./migrate";

// The application (console/API, job worker, feature server) connects as a role that owns nothing of the registry:
// the owner (who runs migrations) grants it row access, and on the audit log only INSERT and SELECT. Because it is
// neither superuser nor the table's owner, it cannot UPDATE/DELETE/TRUNCATE audit events, disable the append-only
// triggers or `SET session_replication_role = replica` (which would skip them). It may create schemas in the
// database: pg-boss (`pgboss`) and the PostgreSQL online store (`larder_online`) create and alter their own tables
// at run time, and those schemas are owned by the application role — none of the registry is.

export const DEFAULT_APP_ROLE = "larder_app";

// Schemas the application creates and alters at run time. An installation that ran as the owner before this change
// has them owned by the owner; they are handed over to the application role so that its DDL keeps working.
const RUNTIME_SCHEMAS = ["pgboss", "larder_online"];
// Schemas the application reads but never writes: the search index, written only by the migration's SECURITY
// DEFINER triggers in the transaction of each edit (docs/search.md).
const READ_ONLY_SCHEMAS = ["larder_search"];
// The one append-only table: the application may add to it and read it, nothing else.
const APPEND_ONLY_TABLES = ['"AuditEvent"'];

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
const literal = (value: string) => `'${value.replaceAll("'", "''")}'`;

const withClient = async <T>(connectionString: string, work: (client: pg.Client) => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString });
  client.on("error", () => {}); // surfaced by the pending query's rejection; see migrate.ts
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

/** The user name a connection string signs in as (`postgres` when it names none, as libpq would default here). */
const roleOf = (connectionString: string): string =>
  decodeURIComponent(new URL(connectionString).username) || "postgres";

/** The same server and database, signed in as `role`. */
export const urlForRole = (connectionString: string, role: string, password?: string): string => {
  const url = new URL(connectionString);
  url.username = encodeURIComponent(role);
  url.password = password ? encodeURIComponent(password) : "";
  return url.toString();
};

/**
 * Creates the application's login role if it does not exist (roles are cluster-wide: several test runs or
 * installations may race here, so "already exists" is success) and sets its password when one is given.
 */
export const ensureAppRole = async ({
  ownerUrl,
  role = DEFAULT_APP_ROLE,
  password,
}: {
  ownerUrl: string;
  role?: string;
  password?: string;
}): Promise<void> =>
  withClient(ownerUrl, async (client) => {
    const exists = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role]);
    if (!exists.rowCount) {
      try {
        await client.query(`CREATE ROLE ${ident(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS`);
      } catch (error) {
        // 42710 duplicate_object; 23505 when two CREATE ROLEs race on pg_authid's unique index.
        const code = (error as { code?: string }).code;
        if (code !== "42710" && code !== "23505") throw error;
      }
    }
    if (password) await client.query(`ALTER ROLE ${ident(role)} LOGIN PASSWORD ${literal(password)}`);
  });

/** Hands the run-time schemas (and everything in them) to the application role, when the owner holds them. */
const handOverRuntimeSchemas = async (client: pg.Client, role: string) => {
  for (const schema of RUNTIME_SCHEMAS) {
    const { rows } = await client.query<{ owner: string }>(
      "SELECT pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = $1",
      [schema],
    );
    if (!rows.length || rows[0].owner === role) continue;
    await client.query(`ALTER SCHEMA ${ident(schema)} OWNER TO ${ident(role)}`);
    const objects = await client.query<{ statement: string }>(
      `SELECT format('ALTER %s %I.%I OWNER TO %I', CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END, n.nspname, c.relname, $2::text) AS statement
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
       UNION ALL
       SELECT format('ALTER ROUTINE %I.%I(%s) OWNER TO %I', n.nspname, p.proname,
                     pg_get_function_identity_arguments(p.oid), $2::text)
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1
       UNION ALL
       SELECT format('ALTER TYPE %I.%I OWNER TO %I', n.nspname, t.typname, $2::text)
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = $1 AND t.typtype IN ('e', 'd') `,
      [schema, role],
    );
    for (const { statement } of objects.rows) await client.query(statement);
  }
};

/**
 * Grants the application role what it needs and nothing more on the append-only audit log. Idempotent; run after
 * every migration, so tables added by later migrations are granted without each migration having to remember.
 */
const grantAppRole = async ({ ownerUrl, role }: { ownerUrl: string; role: string }): Promise<void> =>
  withClient(ownerUrl, async (client) => {
    const { rows } = await client.query<{ database: string }>("SELECT current_database() AS database");
    const roleName = ident(role);
    await client.query("BEGIN");
    try {
      // CREATE on the database: pg-boss and the online store create their own schemas at run time.
      await client.query(`GRANT CONNECT, CREATE, TEMPORARY ON DATABASE ${ident(rows[0].database)} TO ${roleName}`);
      await client.query(`GRANT USAGE ON SCHEMA public TO ${roleName}`);
      await client.query(`REVOKE CREATE ON SCHEMA public FROM ${roleName}`);
      await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${roleName}`);
      await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${roleName}`);
      await client.query(`REVOKE ALL ON "_prisma_migrations" FROM ${roleName}`);
      for (const table of APPEND_ONLY_TABLES) {
        await client.query(`REVOKE ALL ON ${table} FROM ${roleName}`);
        await client.query(`GRANT SELECT, INSERT ON ${table} TO ${roleName}`);
      }
      for (const schema of READ_ONLY_SCHEMAS) {
        const exists = await client.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schema]);
        if (!exists.rowCount) continue;
        await client.query(`GRANT USAGE ON SCHEMA ${ident(schema)} TO ${roleName}`);
        await client.query(`GRANT SELECT ON ALL TABLES IN SCHEMA ${ident(schema)} TO ${roleName}`);
      }
      await handOverRuntimeSchemas(client, role);
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK");
      throw error;
    }
  });

/** What a connection may do to the audit log; `npm start` warns when the application could rewrite it. */
export const describeAppRole = async (appUrl: string): Promise<{ role: string; canRewriteAuditLog: boolean }> =>
  withClient(appUrl, async (client) => {
    const { rows } = await client.query<{ role: string; superuser: boolean; owner: boolean }>(
      `SELECT current_user AS role, r.rolsuper AS superuser,
              pg_has_role(current_user, c.relowner, 'USAGE') AS owner
         FROM pg_roles r, pg_class c
        WHERE r.rolname = current_user AND c.oid = '"AuditEvent"'::regclass`,
    );
    return { role: rows[0].role, canRewriteAuditLog: rows[0].superuser || rows[0].owner };
  });

/**
 * Migrations as the owner, then the grants to the application role (the user of `appUrl`). When both are the same
 * role (a single DATABASE_URL) there is nothing to grant: the caller should warn that the audit log is then only
 * as safe as that role.
 */
export const prepareDatabase = async ({
  ownerUrl,
  appUrl,
}: {
  ownerUrl: string;
  appUrl: string;
}): Promise<TMigrationResult & { appRoleSeparate: boolean }> => {
  const migrations = await runMigrations({ connectionString: ownerUrl });
  const role = roleOf(appUrl);
  const appRoleSeparate = role !== roleOf(ownerUrl);
  if (appRoleSeparate) await grantAppRole({ ownerUrl, role });
  return { ...migrations, appRoleSeparate };
};
