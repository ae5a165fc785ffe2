import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as groupsRoute from "@/app/api/v1/projects/[project]/feature-groups/route";
import * as groupRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/route";
import * as insertRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/insert/route";
import * as deleteRowsRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/delete-rows/route";
import * as materializeRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/materialize/route";
import * as checkRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/online/check/route";
import * as rowsRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/online/rows/route";
import { db } from "@/server/db/client";
import { callRoute, sessionCookie, waitForJobEnd } from "@/test/helpers";
import { setOnlineStore, toOnlineGroup, type TOnlineStore } from "../online-store";
import { findMaterializableGroup, materializeFeatureGroup } from "./materialize";
import { onlineStoresForTest } from "@/test/fixtures/online-stores";
import { createOwnedProject, useTestWorker, type TTestProject, type TTestUser } from "@/test/fixtures/test-project";
import { featureList } from "@/test/fixtures/test-project";

// The online store end to end, once per implementation: write-through on ingest (upserts, late events,
// deletes, a failing store), materialization (full, time range, incremental, resumed after an abort),
// the consistency check, and every bad input through the API.

const { stores: makeStores, dropAll } = onlineStoresForTest("it");

let owner: TTestUser;
let viewer: TTestUser;
let project: TTestProject;

beforeAll(async () => {
  ({
    owner,
    members: [viewer],
    project,
  } = await createOwnedProject("VIEWER"));
});
useTestWorker(["ingest", "materialize", "online-consistency-check"]);
afterAll(dropAll);

const CARDS = {
  primaryKey: ["card_id"],
  eventTime: "updated_at",
  onlineEnabled: true,
  features: featureList({ card_id: "bigint", card_type: "string", credit_limit: "double", updated_at: "timestamp" }),
};
const T0 = "2026-01-01T00:00:00Z";
const T1 = "2026-02-01T00:00:00Z";
const T2 = "2026-03-01T00:00:00Z";
const card = (id: number, at: string, cardType: string, limit = 100) => ({
  card_id: id,
  card_type: cardType,
  credit_limit: limit,
  updated_at: at,
});

describe.each(makeStores)("online store (%s)", (kind, create) => {
  const store = create();
  const name = (base: string) => `${base}_${kind}`;
  const params = (group: string) => ({ project: project.name, name: group, version: "1" });
  beforeAll(() => setOnlineStore(store));
  afterAll(() => store.close());

  const createGroup = async (group: string, spec: Record<string, unknown> = CARDS) => {
    const response = await callRoute(
      groupsRoute.POST,
      { project: project.name },
      { userId: owner.id, method: "POST", body: { name: group, ...spec } },
    );
    expect(response.status, JSON.stringify(response.json)).toBe(201);
    return response.json as { id: string };
  };
  const insert = async (group: string, rows: Record<string, unknown>[]) => {
    const response = await callRoute(insertRoute.POST, params(group), {
      userId: owner.id,
      method: "POST",
      body: { rows },
    });
    expect(response.status, JSON.stringify(response.json)).toBe(202);
    const job = await waitForJobEnd(response.json.job.id);
    expect(job.status, job.error ?? "").toBe("SUCCEEDED");
    return job;
  };
  const onlineRows = async (group: string, keys: string[], userId = owner.id) => {
    const url = keys.map((key) => `key=${encodeURIComponent(key)}`).join("&");
    const request = new Request(`http://localhost/api/v1/x?${url}`, {
      headers: { cookie: await sessionCookie(userId) },
    });
    const response = await rowsRoute.GET(request, { params: Promise.resolve(params(group)) });
    return { status: response.status, json: await response.json() };
  };
  const values = async (group: string, keys: string[]) =>
    (await onlineRows(group, keys)).json.rows.map((row: { values: Record<string, unknown> | null }) => row.values);
  const runJob = async (route: typeof materializeRoute.POST, group: string, body: Record<string, unknown>) => {
    const response = await callRoute(route, params(group), { userId: owner.id, method: "POST", body });
    expect(response.status, JSON.stringify(response.json)).toBe(202);
    return waitForJobEnd(response.json.job.id);
  };
  const check = async (group: string, body: Record<string, unknown> = {}) => {
    const job = await runJob(checkRoute.POST, group, body);
    expect(job.status, job.error ?? "").toBe("SUCCEEDED");
    return job.result as {
      keysChecked: number;
      matching: number;
      mismatches: Record<string, number>;
      examples: { kind: string; key: Record<string, unknown> }[];
    };
  };
  const wipeOnline = async (group: string) => {
    const row = await db.featureGroup.findFirstOrThrow({
      where: { projectId: project.id, name: group },
      include: { features: { orderBy: { position: "asc" } } },
    });
    await store.drop({ group: toOnlineGroup(row) });
    return row;
  };

  it("writes through on ingest: latest row per key, late events ignored, deletes reach it", async () => {
    const group = name("cards_write_through");
    await createGroup(group);
    const first = await insert(group, [card(1, T0, "visa"), card(1, T1, "visa-gold", 500), card(2, T0, "amex")]);
    expect(first.result).toMatchObject({ online: { rows: 2, keysDeleted: 0 } });
    expect(await values(group, ["1", "2", "3"])).toEqual([
      { card_type: "visa-gold", credit_limit: 500, updated_at: "2026-02-01T00:00:00.000000Z" },
      { card_type: "amex", credit_limit: 100, updated_at: "2026-01-01T00:00:00.000000Z" },
      null,
    ]);
    // A late event for key 1 lands offline but does not replace the newer online row.
    await insert(group, [card(1, "2025-12-01T00:00:00Z", "late")]);
    expect((await values(group, ["1"]))[0].card_type).toBe("visa-gold");
    const deleted = await callRoute(deleteRowsRoute.POST, params(group), {
      userId: owner.id,
      method: "POST",
      body: { keys: [{ card_id: 2 }] },
    });
    expect((await waitForJobEnd(deleted.json.job.id)).status).toBe("SUCCEEDED");
    expect(await values(group, ["2"])).toEqual([null]);
    const state = await db.onlineMaterialization.findUniqueOrThrow({
      where: {
        featureGroupId: (await db.featureGroup.findFirstOrThrow({ where: { projectId: project.id, name: group } })).id,
      },
    });
    expect(state.lastMaterializedVersion).toBe(3);
    expect((await check(group)).mismatches).toEqual({ missing: 0, stale: 0, different: 0, unexpected: 0 });
    // Reading online values is audited: exactly one event for this one read, naming the group and the keys.
    const readsOfGroup = () =>
      db.auditEvent.findMany({
        where: { projectId: project.id, action: "featureData.read", resourceId: state.featureGroupId },
        orderBy: { id: "asc" },
      });
    const before = await readsOfGroup();
    await onlineRows(group, ["1", "2", "3"], viewer.id);
    const after = await readsOfGroup();
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length)).toMatchObject([
      {
        actorId: viewer.id,
        resourceType: "featureGroup",
        details: { name: group, version: 1, keys: 3, found: 1, via: "online" },
      },
    ]);
  });

  it("keeps the offline commit when the online write fails: the job succeeds, the group is marked out of sync and the repair job brings the row", async () => {
    const group = name("cards_flaky");
    await createGroup(group);
    let failures = 1;
    const flaky: TOnlineStore = {
      ...store,
      upsertLines: async (args) =>
        failures-- > 0 ? Promise.reject(new Error("online store unavailable")) : store.upsertLines(args),
    };
    setOnlineStore(flaky);
    try {
      // The commit is visible, so the write is done: no retry of the ingest, the failure goes to the group.
      const job = await insert(group, [card(1, T0, "visa")]);
      expect(job.attempts).toBe(1);
      const online = (job.result as { online: { inSync: boolean; repairJobId: string } }).online;
      expect(online.inSync).toBe(false);
      const repair = await waitForJobEnd(online.repairJobId);
      expect(repair.status, repair.error ?? "").toBe("SUCCEEDED");
    } finally {
      setOnlineStore(store);
    }
    const marked = await db.featureGroup.findFirstOrThrow({ where: { projectId: project.id, name: group } });
    expect(marked.onlineOutOfSyncSince).toBeNull();
    const commits = await db.featureGroupCommit.count({
      where: { featureGroup: { projectId: project.id, name: group } },
    });
    expect(commits).toBe(1);
    expect((await values(group, ["1"]))[0].card_type).toBe("visa");
  }, 60_000);

  it("materializes everything, a time range, or incrementally, and the check then reports no mismatch", async () => {
    const group = name("cards_materialize");
    await createGroup(group);
    await insert(group, [card(1, T0, "a"), card(2, T1, "b"), card(3, T2, "c"), card(3, T0, "c-old")]);
    await wipeOnline(group);
    const before = await check(group);
    expect(before).toMatchObject({ keysChecked: 3, matching: 0, mismatches: { missing: 3 } });
    expect(before.examples[0]).toMatchObject({ kind: "missing" });

    const range = await runJob(materializeRoute.POST, group, { start: T1, end: T2 });
    expect(range.result).toMatchObject({ mode: "range", rows: 1 });
    expect(
      (await values(group, ["1", "2", "3"])).map((v: { card_type: string } | null) => v?.card_type ?? null),
    ).toEqual([null, "b", null]);

    const full = await runJob(materializeRoute.POST, group, {});
    expect(full.result).toMatchObject({ mode: "full", rows: 3 });
    expect(await check(group, { sample: 2 })).toMatchObject({ keysChecked: 2, matching: 2 });
    expect((await check(group)).matching).toBe(3);

    // Commits the online store missed (as if write-through had been down): incremental picks up exactly their keys.
    const row = await wipeOnline(group);
    await insert(group, [card(4, T0, "d"), card(1, T2, "a-new")]);
    await store.drop({ group: toOnlineGroup(row) });
    await db.onlineMaterialization.update({
      where: { featureGroupId: row.id },
      data: { lastMaterializedVersion: row.deltaVersion },
    });
    const incremental = await runJob(materializeRoute.POST, group, { incremental: true });
    expect(incremental.result).toMatchObject({ mode: "incremental", rows: 2 });
    expect(
      (await values(group, ["1", "2", "4"])).map((v: { card_type: string } | null) => v?.card_type ?? null),
    ).toEqual(["a-new", null, "d"]);
    const again = await runJob(materializeRoute.POST, group, { incremental: true });
    expect(again.result).toMatchObject({ upToDate: true });
  });

  it("a materialization cut off mid-way resumes after its last chunk instead of starting over", async () => {
    const group = name("cards_resume");
    await createGroup(group);
    await insert(
      group,
      Array.from({ length: 10 }, (_, i) => card(i, T0, `t${i}`)),
    );
    const row = await wipeOnline(group);
    const featureGroup = (await findMaterializableGroup({ projectId: project.id, featureGroupId: row.id }))!;
    let chunkWrites = 0;
    const controller = new AbortController();
    const counting: TOnlineStore = {
      ...store,
      upsertLines: async (args) => {
        chunkWrites += 1;
        if (chunkWrites === 2) controller.abort(new Error("worker killed"));
        return store.upsertLines(args);
      },
    };
    const jobId = `job_resume_${kind}`;
    await expect(
      materializeFeatureGroup({ featureGroup, jobId, store: counting, chunkRows: 3, signal: controller.signal }),
    ).rejects.toThrow("worker killed");
    expect(chunkWrites).toBe(2);
    const resumed = await materializeFeatureGroup({ featureGroup, jobId, store: counting, chunkRows: 3 });
    // 10 rows in chunks of 3 = 4 chunk writes in all: 2 before the cut, 2 after; none repeated.
    expect(resumed).toMatchObject({ resumed: true, chunks: 4, rows: 10 });
    expect(chunkWrites).toBe(4);
    expect((await values(group, ["0", "9"])).map((v: { card_type: string }) => v.card_type)).toEqual(["t0", "t9"]);
    const state = await db.onlineMaterialization.findUniqueOrThrow({ where: { featureGroupId: row.id } });
    expect(state.cursors).toEqual({});
  });

  it("the check treats rows older than the TTL as absent", async () => {
    const group = name("cards_ttl");
    await createGroup(group, { ...CARDS, ttlSeconds: 3600 });
    const recent = new Date(Date.now() - 60_000).toISOString();
    await insert(group, [card(1, recent, "fresh"), card(2, T0, "expired")]);
    expect(await values(group, ["1", "2"])).toEqual([expect.objectContaining({ card_type: "fresh" }), null]);
    expect(await check(group)).toMatchObject({ keysChecked: 2, matching: 2 });
  });

  it("refuses bad input with a clear 4xx and enqueues nothing", async () => {
    const group = name("cards_bad");
    await createGroup(group);
    await createGroup(name("cards_offline_only"), { ...CARDS, onlineEnabled: false });
    await createGroup(name("cards_no_time"), { ...CARDS, eventTime: null });
    const jobsBefore = await db.job.count({ where: { projectId: project.id } });
    const post = (
      route: typeof materializeRoute.POST,
      target: string,
      body: Record<string, unknown>,
      userId = owner.id,
    ) => callRoute(route, params(target), { userId, method: "POST", body });

    expect((await post(materializeRoute.POST, "no_such_group", {})).status).toBe(404);
    expect((await post(checkRoute.POST, "no_such_group", {})).status).toBe(404);
    expect((await onlineRows("no_such_group", ["1"])).status).toBe(404);
    const offline = await post(materializeRoute.POST, name("cards_offline_only"), {});
    expect(offline.status).toBe(409);
    expect(offline.json.detail).toMatch(/not online-enabled/);
    expect((await post(checkRoute.POST, name("cards_offline_only"), {})).status).toBe(409);
    expect((await onlineRows(name("cards_offline_only"), ["1"])).status).toBe(409);

    const backwards = await post(materializeRoute.POST, group, { start: T2, end: T1 });
    expect(backwards.status).toBe(422);
    expect(backwards.json.errors[0].path).toBe("end");
    expect((await post(materializeRoute.POST, group, { start: "yesterday" })).json.errors[0].path).toBe("start");
    expect((await post(materializeRoute.POST, group, { incremental: true, start: T0 })).json.errors[0].path).toBe(
      "incremental",
    );
    expect((await post(materializeRoute.POST, group, { chunk: 5 })).status).toBe(422);
    const noTime = await post(materializeRoute.POST, name("cards_no_time"), { start: T0 });
    expect(noTime.status).toBe(422);
    expect(noTime.json.errors[0].path).toBe("start");
    expect((await post(checkRoute.POST, group, { sample: 0 })).json.errors[0].path).toBe("sample");

    const badKeys = await onlineRows(group, ["abc", '{"card_id":1,"nope":2}', "{oops"]);
    expect(badKeys.status).toBe(422);
    expect(badKeys.json.errors.map((issue: { path: string }) => issue.path)).toEqual([
      "query.key.0.card_id",
      "query.key.1.nope",
      "query.key.2",
    ]);
    expect((await onlineRows(group, [])).status).toBe(422);

    // Viewers may read online values and run checks, not materialize.
    expect((await post(materializeRoute.POST, group, {}, viewer.id)).status).toBe(403);
    expect((await onlineRows(group, ["1"], viewer.id)).status).toBe(200);
    expect(await db.job.count({ where: { projectId: project.id } })).toBe(jobsBefore);
  });

  it("deleting the feature group removes its online data", async () => {
    const group = name("cards_deleted");
    const created = await createGroup(group);
    await insert(group, [card(1, T0, "visa")]);
    const onlineGroup = toOnlineGroup({
      ...CARDS,
      id: created.id,
      projectId: project.id,
      eventTime: CARDS.eventTime,
      ttlSeconds: null,
      onlineCodecVersion: 2,
    });
    expect((await store.getRows({ group: onlineGroup, keys: [["1"]] }))[0]).not.toBeNull();
    expect((await callRoute(groupRoute.DELETE, params(group), { userId: owner.id, method: "DELETE" })).status).toBe(
      204,
    );
    // (PostgreSQL: the table is gone; reading recreates it empty.)
    expect((await store.getRows({ group: onlineGroup, keys: [["1"]] }))[0]).toBeNull();
    expect(await db.onlineMaterialization.count({ where: { featureGroupId: created.id } })).toBe(0);
  });
});
