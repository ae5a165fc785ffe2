import { afterAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { db } from "@/server/db/client";
import { createFeatureView, getBatchData } from "@/server/feature-views";
import { writeCommit } from "@/server/offline";
import { serveFeastRequest, serveVectors } from "@/server/serving";
import { readOnlineRows } from "./api";
import { checkOnlineConsistency } from "./consistency-check";
import { findMaterializableGroup, materializeFeatureGroup } from "./materialize";
import { writeThroughCommit } from "./write-through";
import { createOwnedProjectOn, createScoreGroup, onlineStoresForTest } from "@/test/fixtures/online-stores";

// One unit for event times everywhere (server/offline/event-time.ts): for every event-time type a group can have,
// and both online stores, the offline side (batch data: the point-in-time join with its TTL) and every online
// reader (feature vectors, Feast's event_timestamps, online/rows, the consistency check) agree on which rows are
// live and on the instant of each, whether the rows came online by write-through or by materialization.

const { stores, dropAll } = onlineStoresForTest("et");
afterAll(dropAll);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TTL_SECONDS = 86_400;

type TCase = { type: "timestamp" | "date" | "bigint"; sql: (ms: number) => string; instant: (ms: number) => number };
// Each type's literal and the instant it denotes (dates: midnight UTC of the day).
const CASES: TCase[] = [
  { type: "timestamp", sql: (ms) => `TIMESTAMPTZ '${new Date(ms).toISOString()}'`, instant: (ms) => ms },
  {
    type: "date",
    sql: (ms) => `DATE '${new Date(ms).toISOString().slice(0, 10)}'`,
    instant: (ms) => Date.parse(new Date(ms).toISOString().slice(0, 10)),
  },
  { type: "bigint", sql: (ms) => `CAST(${ms} AS BIGINT)`, instant: (ms) => ms },
];

describe.each(stores)("event times agree offline and online (%s store)", (kind, makeStore) => {
  const store = makeStore();
  afterAll(() => store.close());

  it.each(CASES)("$type event time: the same live rows and the same instants everywhere", async (testCase) => {
    const fx = await createOwnedProjectOn(store);
    const { owner, project, ctx, access } = fx;
    const name = `events_${testCase.type}`;
    await createScoreGroup(fx, { name, eventTimeType: testCase.type, ttlSeconds: TTL_SECONDS });
    // Far from the TTL's edge, so the test's own run time cannot move a row across it: entity 1 is live
    // (the start of today UTC for dates), entity 2 three days old (expired), entity 3 written by materialization.
    const now = Date.now();
    const times = new Map([
      [1, testCase.type === "date" ? now : now - HOUR],
      [2, now - 3 * DAY],
      [3, testCase.type === "date" ? now : now - 2 * HOUR],
    ]);
    const row = await db.featureGroup.findFirstOrThrow({ where: { projectId: project.id, name } });
    const commit = async (ids: number[]) => {
      const values = ids.map((id) => `(${id}, ${id}.5, ${testCase.sql(times.get(id)!)})`).join(", ");
      const written = await writeCommit({
        tablePath: row.tablePath,
        mode: "upsert",
        sourceSql: `SELECT * FROM (VALUES ${values}) v(entity_id, score, seen_at)`,
      });
      await db.featureGroup.update({ where: { id: row.id }, data: { deltaVersion: written.version } });
      return written.version;
    };
    // Entities 1 and 2 come online by write-through; entity 3 by an incremental materialization.
    const registryRow = async () => (await findMaterializableGroup({ projectId: project.id, featureGroupId: row.id }))!;
    const first = await commit([1, 2]);
    await writeThroughCommit({ featureGroup: await registryRow(), version: first, store });
    await commit([3]);
    await materializeFeatureGroup({
      featureGroup: await registryRow(),
      jobId: `et_${kind}_${testCase.type}`,
      incremental: true,
      store,
    });
    await createFeatureView({
      ctx,
      access,
      input: { name: `view_${testCase.type}`, root: { featureGroup: { name, version: 1 } } },
    });
    const ids = [1, 2, 3];
    const expectedIso = (id: number) => new Date(testCase.instant(times.get(id)!)).toISOString().replace("Z", "000Z");
    const live = (id: number) => id !== 2;

    // Offline: batch data as of now (the point-in-time join and its TTL).
    const batch = await getBatchData({
      ctx,
      access,
      name: `view_${testCase.type}`,
      version: 1,
      input: { entities: ids.map((id) => ({ entity_id: id })), asOf: new Date(now).toISOString(), format: "json" },
    });
    const offline = ((await batch.json()) as { rows: { entity_id: string; score: number | null }[] }).rows;
    expect(offline.map((r) => r.score !== null)).toEqual(ids.map(live));

    // Online: the feature server's vectors, with the event time each group row carries.
    const served = (
      await serveVectors({
        access,
        name: `view_${testCase.type}`,
        version: "1",
        body: { entities: ids.map((id) => ({ entity_id: id })) },
        batch: true,
        store,
        maxBatch: 10,
      })
    ).body as { vectors: { status: string; featureGroups: { status: string; eventTime: string | null }[] }[] };
    expect(served.vectors.map((v) => v.status)).toEqual(ids.map((id) => (live(id) ? "COMPLETE" : "MISSING")));
    // An expired row reads as OUTSIDE_MAX_AGE, or NOT_FOUND once Redis has expired its whole bucket.
    const expired = expect.stringMatching(/^(OUTSIDE_MAX_AGE|NOT_FOUND)$/);
    expect(served.vectors.map((v) => v.featureGroups[0].status)).toEqual(
      ids.map((id) => (live(id) ? "PRESENT" : expired)),
    );
    expect(served.vectors.map((v) => v.featureGroups[0].eventTime)).toEqual(
      ids.map((id) => (live(id) ? expectedIso(id) : null)),
    );
    // Feast: event_timestamps are RFC 3339 instants (no fraction when it is zero), statuses as Feast names them.
    const feast = (await serveFeastRequest({
      access,
      body: { features: [`view_${testCase.type}:score`], entities: { entity_id: ids } },
      store,
      maxBatch: 10,
    })) as { results: { statuses: string[]; event_timestamps: string[] }[] };
    const score = feast.results[1];
    expect(score.statuses).toEqual(ids.map((id) => (live(id) ? "PRESENT" : expired)));
    score.event_timestamps.forEach((stamp, index) => {
      if (!live(ids[index])) return;
      expect(stamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3}|\.\d{6})?Z$/);
      expect(Date.parse(stamp)).toBe(testCase.instant(times.get(ids[index])!));
    });
    // online/rows (TTL applied at read) and the consistency check (offline's latest rows vs online).
    const rows = await readOnlineRows({ ctx, access, name, version: 1, rawKeys: ids.map(String) });
    expect(rows.rows.map((r) => r.eventTime)).toEqual(ids.map((id) => (live(id) ? expectedIso(id) : null)));
    const report = await checkOnlineConsistency({ featureGroup: await registryRow(), store });
    expect(report).toMatchObject({ keysChecked: 3, matching: 3 });
  });
});
