import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OPERATION_LIST } from "@/lib/api/operations";

// prisma/migrations/*_scope_vocabulary moves stored API keys from the old scopes (featureGroups:* gating views and
// datasets too) to the new vocabulary. The test database is already migrated, so the old state is written by hand
// inside a transaction, the migration's SQL is run over it, and everything is rolled back afterwards.

const MIGRATION_SQL = readFileSync(
  path.resolve("prisma/migrations/20261201164500_scope_vocabulary/migration.sql"),
  "utf8",
);

// Before the rename, views and datasets were gated by the feature-group scope with the same action.
const OLD_SCOPE_OF: Record<string, string> = {
  "featureViews:read": "featureGroups:read",
  "featureViews:write": "featureGroups:write",
  "trainingDatasets:read": "featureGroups:read",
  "trainingDatasets:write": "featureGroups:write",
};
const oldRequired = (scope: string): string => OLD_SCOPE_OF[scope] ?? scope;

const OLD_KEYS: Record<string, string[]> = {
  reader: ["project:read", "featureGroups:read", "featureData:read"],
  writer: ["project:read", "featureGroups:read", "featureGroups:write", "jobs:write"],
  writeOnly: ["featureGroups:write"],
  valuesOnly: ["project:read", "featureData:read", "jobs:read"],
  // Written by a node that already ran the new code: nothing may be added twice.
  alreadyNew: ["featureGroups:read", "featureViews:read", "trainingDatasets:read"],
};

let client: pg.Client;
let migrated: Record<string, string[]>;

const readKeys = async (): Promise<Record<string, string[]>> => {
  const { rows } = await client.query<{ name: string; scopes: string[] }>(
    `SELECT name, scopes FROM "ApiKey" WHERE "projectId" = 'prj_scope_migration'`,
  );
  return Object.fromEntries(rows.map((row) => [row.name, row.scopes]));
};

beforeAll(async () => {
  client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await client.query("BEGIN");
  await client.query(
    `INSERT INTO "User" (id, email, name) VALUES ('usr_scope_migration', 'scope-migration@x.test', 'M')`,
  );
  await client.query(`INSERT INTO "Project" (id, name) VALUES ('prj_scope_migration', 'scope_migration')`);
  for (const [name, scopes] of Object.entries(OLD_KEYS))
    await client.query(
      `INSERT INTO "ApiKey" (id, "projectId", "userId", name, prefix, "secretHash", scopes)
       VALUES ($1, 'prj_scope_migration', 'usr_scope_migration', $2, $3, 'x', $4)`,
      [`key_${name}`, name, `lk_scope_${name}`, scopes],
    );
  await client.query(MIGRATION_SQL);
  migrated = await readKeys();
});

afterAll(async () => {
  await client.query("ROLLBACK");
  await client.end();
});

describe("scope vocabulary migration of stored API keys", () => {
  it("adds the view and dataset scopes that the feature-group scopes used to imply, and nothing else", () => {
    expect(migrated).toEqual({
      reader: [...OLD_KEYS.reader, "featureViews:read", "trainingDatasets:read"],
      writer: [
        ...OLD_KEYS.writer,
        "featureViews:read",
        "trainingDatasets:read",
        "featureViews:write",
        "trainingDatasets:write",
      ],
      writeOnly: ["featureGroups:write", "featureViews:write", "trainingDatasets:write"],
      valuesOnly: OLD_KEYS.valuesOnly,
      alreadyNew: OLD_KEYS.alreadyNew,
    });
  });

  it("no key gains or loses a power: every operation answers each key as it did before the rename", () => {
    for (const [name, oldScopes] of Object.entries(OLD_KEYS))
      for (const operation of OPERATION_LIST.filter((candidate) => candidate.scope)) {
        const required = operation.scope as string;
        expect(migrated[name].includes(required), `${name} → ${operation.id}`).toBe(
          oldScopes.includes(oldRequired(required)),
        );
      }
  });

  it("running it again changes nothing", async () => {
    await client.query(MIGRATION_SQL);
    expect(await readKeys()).toEqual(migrated);
  });
});
