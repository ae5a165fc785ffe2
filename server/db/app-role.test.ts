import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAuditEvent } from "@/server/audit/record";
import { createBoss, ensureQueue } from "@/server/jobs/boss";
import { createPostgresOnlineStore } from "@/server/online-store";
import { db } from "./client";
import { DEFAULT_APP_ROLE, prepareDatabase, urlForRole } from "./app-role";

// The application's own connection (DATABASE_URL: the non-superuser application role that test/global-setup.ts
// signs in as, like `npm start`) can add to the audit log and read it, and nothing else: no rewriting, no
// switching the append-only triggers off, no replica mode that would skip them. Its run-time work still runs.

let app: pg.Client;
beforeAll(async () => {
  app = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await app.connect();
});
afterAll(async () => app.end());

const attempts: [string, string, RegExp][] = [
  ["UPDATE", `UPDATE "AuditEvent" SET "action" = 'forged'`, /permission denied/],
  ["DELETE", `DELETE FROM "AuditEvent"`, /permission denied/],
  ["TRUNCATE", `TRUNCATE "AuditEvent"`, /permission denied/],
  ["DISABLE TRIGGER", `ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_append_only"`, /must be owner/],
  ["DISABLE TRIGGER ALL", `ALTER TABLE "AuditEvent" DISABLE TRIGGER ALL`, /must be owner/],
  ["DROP TRIGGER", `DROP TRIGGER "AuditEvent_append_only" ON "AuditEvent"`, /must be owner/],
  [
    "replace the trigger function",
    `CREATE OR REPLACE FUNCTION larder_audit_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$`,
    /permission denied for schema public|must be owner/,
  ],
  ["replica mode", `SET session_replication_role = replica`, /permission denied to set parameter/],
  ["take ownership", `ALTER TABLE "AuditEvent" OWNER TO CURRENT_USER`, /must be owner/],
];

describe("the application's database role", () => {
  it("is neither a superuser nor the owner of the audit log", async () => {
    const { rows } = await app.query(
      `SELECT current_user AS role, r.rolsuper, r.rolbypassrls, pg_get_userbyid(c.relowner) AS owner
         FROM pg_roles r, pg_class c WHERE r.rolname = current_user AND c.oid = '"AuditEvent"'::regclass`,
    );
    expect(rows[0]).toMatchObject({ role: DEFAULT_APP_ROLE, rolsuper: false, rolbypassrls: false });
    expect(rows[0].owner).not.toBe(DEFAULT_APP_ROLE);
  });

  it.each(attempts)("cannot %s on the audit log", async (_name, statement, refusal) => {
    await recordAuditEvent({ ctx: null, action: "test.tamper", resourceType: "test", resourceName: null });
    const before = await db.auditEvent.count();
    await expect(app.query(statement)).rejects.toThrow(refusal);
    const { rows } = await app.query<{ role: string }>(`SHOW session_replication_role`);
    expect(rows[0]).toEqual({ session_replication_role: "origin" });
    expect(await db.auditEvent.count()).toBe(before);
    const triggers = await app.query(
      `SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = '"AuditEvent"'::regclass ORDER BY tgname`,
    );
    expect(triggers.rows).toEqual([
      { tgname: "AuditEvent_append_only", tgenabled: "O" },
      { tgname: "AuditEvent_no_truncate", tgenabled: "O" },
    ]);
  });

  it("adds and reads audit events, runs pg-boss jobs and the PostgreSQL online store", async () => {
    const marker = `test.app-role.${randomBytes(4).toString("hex")}`;
    await recordAuditEvent({ ctx: null, action: marker, resourceType: "test", resourceName: null });
    expect(await db.auditEvent.count({ where: { action: marker } })).toBe(1);

    const boss = createBoss({ max: 2, supervise: false, schedule: false });
    await boss.start();
    try {
      const queue = `larder.test-app-role-${randomBytes(3).toString("hex")}`;
      await ensureQueue(boss, queue);
      const sent = await boss.send(queue, { marker });
      const [fetched] = await boss.fetch(queue);
      expect(fetched).toMatchObject({ id: sent, data: { marker } });
      await boss.complete(queue, fetched.id);
    } finally {
      await boss.stop({ graceful: false });
    }

    const store = createPostgresOnlineStore({ connectionString: process.env.DATABASE_URL! });
    const group = {
      id: `fg_approle${randomBytes(4).toString("hex")}`,
      projectId: "prj_test",
      primaryKey: ["card_id"],
      eventTime: null,
      ttlSeconds: null,
      features: [
        { name: "card_id", type: "bigint" as const },
        { name: "card_type", type: "string" as const },
      ],
    };
    try {
      await store.ensure({ group });
      await store.upsertRows({ group, rows: [{ key: ["7"], eventTimeUs: 0, values: ["visa"] }] });
      const [row] = await store.getRows({ group, keys: [["7"]], now: Date.now() });
      expect(row?.values).toEqual({ card_type: "visa" });
      await store.drop({ group });
    } finally {
      await store.close();
    }
  });
});

describe("an installation that ran as the owner before", () => {
  const database = `larder_test_upgrade_${randomBytes(4).toString("hex")}`;
  const ownerUrl = new URL(process.env.LARDER_TEST_OWNER_DATABASE_URL!);
  ownerUrl.pathname = `/${database}`;
  const adminUrl = process.env.LARDER_TEST_OWNER_DATABASE_URL!;

  afterAll(async () => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
  });

  it("hands the online store's schema over to the application role, which then writes to it", async () => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${database}"`);
    await admin.end();
    const owner = new pg.Client({ connectionString: ownerUrl.toString() });
    await owner.connect();
    await owner.query(`CREATE SCHEMA larder_online`);
    await owner.query(`CREATE TABLE larder_online.fg_old (card_id bigint PRIMARY KEY)`);
    await owner.end();

    const appUrl = urlForRole(ownerUrl.toString(), DEFAULT_APP_ROLE);
    await prepareDatabase({ ownerUrl: ownerUrl.toString(), appUrl });
    const upgraded = new pg.Client({ connectionString: appUrl });
    await upgraded.connect();
    try {
      await upgraded.query(`ALTER TABLE larder_online.fg_old ADD COLUMN IF NOT EXISTS card_type text`);
      await upgraded.query(`INSERT INTO larder_online.fg_old VALUES (1, 'visa')`);
      await expect(upgraded.query(`DELETE FROM "AuditEvent"`)).rejects.toThrow(/permission denied/);
    } finally {
      await upgraded.end();
    }
  });
});
