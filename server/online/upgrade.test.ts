import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createFeatureView } from "@/server/feature-views";
import { writeCommit } from "@/server/offline";
import { clearServingPlanCache, serveVectors } from "@/server/serving";
import { waitForJobEnd } from "@/test/helpers";
import { readOnlineRows } from "./api";
import { ONLINE_CODEC_VERSION } from "@/server/online-store/codec";
import { checkOnlineConsistency } from "./consistency-check";
import { findMaterializableGroup } from "./materialize";
import { toOnlineGroup } from "@/server/online-store/store";
import { enqueueOnlineRebuilds } from "./upgrade";
import { createOwnedProjectOn, createScoreGroup, onlineStoresForTest } from "@/test/fixtures/online-stores";
import { useTestWorker } from "@/test/fixtures/test-project";

// Upgrading from codec 1 (bigint event times read as epoch seconds) to the current codec, once per online store:
// rows written the old way (event times 1000× too large, so latest-wins keeps them and TTLs never expire them) are
// marked stale by the migration's own SQL, are never served while stale, and are rebuilt by the materialization a
// worker queues at start; afterwards every reader sees the offline store's latest rows with their true instants.

const { stores, dropAll } = onlineStoresForTest("up");

/** The migration's data step (everything from its UPDATE on), as an upgrade runs it over existing groups. */
const MIGRATION_DIR = readdirSync(path.resolve("prisma/migrations")).find((name) =>
  name.endsWith("_online_codec_version"),
)!;
const migrationSql = readFileSync(path.resolve("prisma/migrations", MIGRATION_DIR, "migration.sql"), "utf8");
const MARK_STALE_SQL = migrationSql.slice(migrationSql.indexOf("UPDATE"));

useTestWorker(["materialize"]);
afterAll(dropAll);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "000Z");

describe.each(stores)("online codec upgrade (%s store)", (kind, makeStore) => {
  const store = makeStore();
  afterAll(() => store.close());

  it("rebuilds rows written with bigint event times read as seconds, serving none of them until then", async () => {
    const fx = await createOwnedProjectOn(store);
    const { owner, project, ctx, access } = fx;
    const group = (name: string, eventTimeType: "bigint" | "timestamp", onlineEnabled = true) =>
      createScoreGroup(fx, { name, eventTimeType, ttlSeconds: 86_400, onlineEnabled });
    await group("legacy", "bigint");
    await group("stamped", "timestamp");
    await group("offline_only", "bigint", false);
    const rowOf = async (name: string) =>
      (await findMaterializableGroup({
        projectId: project.id,
        featureGroupId: (await db.featureGroup.findFirstOrThrow({ where: { projectId: project.id, name } })).id,
      }))!;
    const legacy = await rowOf("legacy");

    // Offline: entity 1 at 5 h ago (score 1) and 1 h ago (score 2); entity 2 three days ago (past the 1-day TTL).
    const now = Date.now();
    const rows = [
      { id: 1, score: 1, at: now - 5 * HOUR },
      { id: 1, score: 2, at: now - HOUR },
      { id: 2, score: 3, at: now - 3 * DAY },
    ];
    const written = await writeCommit({
      tablePath: legacy.tablePath,
      mode: "append",
      sourceSql: `SELECT * FROM (VALUES ${rows.map((r) => `(${r.id}, ${r.score}.0, CAST(${r.at} AS BIGINT))`).join(", ")}) v(entity_id, score, seen_at)`,
    });
    await db.featureGroup.update({ where: { id: legacy.id }, data: { deltaVersion: written.version } });
    // Online, the old way: epoch-millisecond values read as seconds (µs = value × 10^6). Entity 1 holds its older
    // row, which latest-wins would now keep for ever; entity 2's row would never expire.
    const onlineGroup = toOnlineGroup(legacy);
    await store.upsertRows({
      group: onlineGroup,
      rows: [
        { key: ["1"], eventTimeUs: (now - 5 * HOUR) * 1_000_000, values: ["1.0", String(now - 5 * HOUR)] },
        { key: ["2"], eventTimeUs: (now - 3 * DAY) * 1_000_000, values: ["3.0", String(now - 3 * DAY)] },
      ],
    });
    await db.onlineMaterialization.update({
      where: { featureGroupId: legacy.id },
      data: { lastMaterializedVersion: written.version },
    });

    // The upgrade's migration marks exactly the online groups with a bigint event time.
    await db.$executeRawUnsafe(MARK_STALE_SQL);
    const versions = await db.featureGroup.findMany({
      where: { projectId: project.id },
      select: { name: true, onlineCodecVersion: true },
      orderBy: { name: "asc" },
    });
    expect(versions).toEqual([
      { name: "legacy", onlineCodecVersion: 1 },
      { name: "offline_only", onlineCodecVersion: ONLINE_CODEC_VERSION },
      { name: "stamped", onlineCodecVersion: ONLINE_CODEC_VERSION },
    ]);

    // While stale, nothing is served: no row online, no COMPLETE vector.
    await createFeatureView({
      ctx,
      access,
      input: { name: "legacy_view", root: { featureGroup: { name: "legacy", version: 1 } } },
    });
    const vectors = async () =>
      (
        (
          await serveVectors({
            access,
            name: "legacy_view",
            version: "1",
            body: { entities: [{ entity_id: 1 }, { entity_id: 2 }] },
            batch: true,
            store,
            maxBatch: 10,
          })
        ).body as { vectors: { status: string; vector: unknown[]; featureGroups: { eventTime: string | null }[] }[] }
      ).vectors;
    expect((await vectors()).map((v) => v.status)).toEqual(["MISSING", "MISSING"]);
    expect(
      (await readOnlineRows({ ctx, access, name: "legacy", version: 1, rawKeys: ["1", "2"] })).rows.map((r) => r.found),
    ).toEqual([false, false]);

    // A worker starting after the upgrade queues one rebuild, for that group only; the materialize job runs it.
    const queued = (await enqueueOnlineRebuilds()).filter((job) => job.projectId === project.id);
    expect(queued.map((job) => job.featureGroupId)).toEqual([legacy.id]);
    const job = await waitForJobEnd(queued[0].jobId);
    expect(job.status, job.error ?? "").toBe("SUCCEEDED");
    expect(job.result).toMatchObject({ rebuilt: true, rows: 2 });
    expect((await db.featureGroup.findUniqueOrThrow({ where: { id: legacy.id } })).onlineCodecVersion).toBe(
      ONLINE_CODEC_VERSION,
    );
    expect(
      (await db.onlineMaterialization.findUniqueOrThrow({ where: { featureGroupId: legacy.id } }))
        .lastMaterializedVersion,
    ).toBe(written.version);
    expect((await enqueueOnlineRebuilds()).filter((queuedJob) => queuedJob.projectId === project.id)).toEqual([]);

    // Read back correctly: entity 1's latest row with its true instant, entity 2 expired by the TTL.
    clearServingPlanCache();
    const after = await vectors();
    expect(after.map((v) => v.status)).toEqual(["COMPLETE", "MISSING"]);
    expect(after[0].vector).toEqual(["1", 2, String(now - HOUR)]);
    expect(after[0].featureGroups[0].eventTime).toBe(iso(now - HOUR));
    const online = await readOnlineRows({ ctx, access, name: "legacy", version: 1, rawKeys: ["1", "2"] });
    expect(online.rows.map((r) => [r.found, r.eventTime, r.values?.score ?? null])).toEqual([
      [true, iso(now - HOUR), 2],
      [false, null, null],
    ]);
    const report = await checkOnlineConsistency({ featureGroup: await rowOf("legacy"), store });
    expect(report).toMatchObject({ keysChecked: 2, matching: 2 });
    expect(kind).toBe(store.kind);
  });
});
