import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import * as groupsRoute from "@/app/api/v1/projects/[project]/feature-groups/route";
import * as groupRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/route";
import * as insertRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/insert/route";
import { db } from "@/server/db/client";
import { startWorker, type TWorker } from "@/server/jobs/worker";
import { WORKER_RUNNERS } from "@/server/jobs/worker-runners";
import { stopBoss } from "@/server/jobs/boss";
import { listCommits } from "@/server/offline";
import { createPostgresOnlineStore, setOnlineStore, toOnlineGroup, type TOnlineStore } from "@/server/online-store";
import { callRoute, createTestProject, createTestUser, waitForJobEnd } from "@/test/helpers";
import { featureList } from "@/test/fixtures/test-project";
import { createOwnedProject } from "@/test/fixtures/test-project";

// A write is all or nothing, and a visible commit is a done write: on an online-enabled group (PostgreSQL online
// store) whose online write fails after the Delta + registry commit, the ingest job ends SUCCEEDED (before: retried
// three times, then FAILED with its commit visible), the group says "online out of sync since commit N", and the
// repair (an incremental materialization) brings the rows online and clears the mark.

const schema = `larder_online_oos_${randomBytes(4).toString("hex")}`;
const store = createPostgresOnlineStore({ connectionString: process.env.DATABASE_URL!, schema });
let rejecting = true;
// The PostgreSQL store with its writes refused while `rejecting` (as a value it cannot hold, or an outage, would).
const failingStore: TOnlineStore = {
  ...store,
  upsertLines: async (args) =>
    rejecting ? Promise.reject(new Error("online store refused the write")) : store.upsertLines(args),
};

let owner: Awaited<ReturnType<typeof createTestUser>>;
let project: Awaited<ReturnType<typeof createTestProject>>;
const workers: TWorker[] = [];

beforeAll(async () => {
  ({ owner, project } = await createOwnedProject());
  setOnlineStore(failingStore);
  // Only ingest at first, so the repair job waits until the test lets the store accept writes again.
  workers.push(await startWorker({ runners: WORKER_RUNNERS, types: ["ingest"], schedules: false }));
});
afterAll(async () => {
  for (const worker of workers) await worker.stop({ graceMs: 1000 });
  await stopBoss();
  setOnlineStore(undefined);
  await store.close();
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
});

const GROUP = {
  name: "cards_out_of_sync",
  primaryKey: ["card_id"],
  eventTime: "updated_at",
  onlineEnabled: true,
  features: featureList({ card_id: "bigint", card_type: "string", updated_at: "timestamp" }),
};
const params = () => ({ project: project.name, name: GROUP.name, version: "1" });

const insert = async (rows: Record<string, unknown>[]) => {
  const response = await callRoute(insertRoute.POST, params(), { userId: owner.id, method: "POST", body: { rows } });
  expect(response.status, JSON.stringify(response.json)).toBe(202);
  return waitForJobEnd(response.json.job.id, 90_000);
};

describe("an online write that fails after the commit", () => {
  it("leaves the job SUCCEEDED, marks the group out of sync since that commit, and the repair clears it", async () => {
    const created = await callRoute(
      groupsRoute.POST,
      { project: project.name },
      { userId: owner.id, method: "POST", body: GROUP },
    );
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const row = await db.featureGroup.findUniqueOrThrow({
      where: { id: created.json.id },
      include: { features: true },
    });

    const first = await insert([{ card_id: 1, card_type: "visa", updated_at: "2026-01-01T00:00:00Z" }]);
    expect(first.status, first.error ?? "").toBe("SUCCEEDED");
    expect(first.attempts).toBe(1);
    const result = first.result as { version: number; online: { inSync: boolean; outOfSyncSince: number } };
    expect(result.online).toMatchObject({ inSync: false, outOfSyncSince: result.version });
    // The commit is visible offline and recorded once.
    expect((await listCommits({ tablePath: row.tablePath })).map((commit) => commit.version)).toContain(result.version);
    expect(await db.featureGroupCommit.count({ where: { featureGroupId: row.id } })).toBe(1);
    const logs = await db.jobLog.findMany({ where: { jobId: first.id, level: "warn" } });
    expect(logs.map((log) => log.message).join("\n")).toContain(`online out of sync since commit ${result.version}`);

    // The API's feature-group view says so.
    const view = await callRoute(groupRoute.GET, params(), { userId: owner.id });
    expect(view.status).toBe(200);
    expect(view.json.onlineOutOfSyncSince).toBe(result.version);

    // A later commit that does reach the online store does not clear the mark: commit N is still missing online.
    rejecting = false;
    const second = await insert([{ card_id: 2, card_type: "amex", updated_at: "2026-01-02T00:00:00Z" }]);
    expect(second.status, second.error ?? "").toBe("SUCCEEDED");
    expect((await db.featureGroup.findUniqueOrThrow({ where: { id: row.id } })).onlineOutOfSyncSince).toBe(
      result.version,
    );
    const group = toOnlineGroup(row);
    expect(await store.getRows({ group, keys: [["1"]] })).toEqual([null]);

    // The repair jobs enqueued by the failure run now and bring commit N online.
    workers.push(await startWorker({ runners: WORKER_RUNNERS, types: ["materialize"], schedules: false }));
    const repairs = await db.job.findMany({ where: { featureGroupId: row.id, type: "materialize" } });
    expect(repairs.length).toBe(1);
    const repaired = await waitForJobEnd(repairs[0].id, 90_000);
    expect(repaired.status, repaired.error ?? "").toBe("SUCCEEDED");
    const [online] = await store.getRows({ group, keys: [["1"]] });
    expect(online?.values.card_type).toBe("visa");
    expect((await db.featureGroup.findUniqueOrThrow({ where: { id: row.id } })).onlineOutOfSyncSince).toBeNull();
    const after = await callRoute(groupRoute.GET, params(), { userId: owner.id });
    expect(after.json.onlineOutOfSyncSince).toBeNull();
  }, 180_000);
});
