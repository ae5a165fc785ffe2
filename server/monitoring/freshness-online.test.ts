import { describe, expect, it } from "vitest";
import * as freshnessRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/freshness/route";
import { db } from "@/server/db/client";
import { createFeatureGroup } from "@/server/registry/feature-groups";
import { checkFreshness } from "@/server/monitoring/freshness";
import { callRoute } from "@/test/helpers";
import { commitRows, featureList, useOwnedProject } from "@/test/fixtures/test-project";

// Freshness of an online-enabled group: the newest event time the online store serves is that of the last commit it
// reflects, so an online store that fell behind (a failed write-through, a materialization not yet run) shows late
// even while the offline table is fresh.

const fx = useOwnedProject();
const HOUR = 3600_000;

describe("online freshness", () => {
  it("is the newest event time of the commit the online store reflects, not of the latest commit", async () => {
    await createFeatureGroup({
      ctx: fx.ctx,
      access: fx.access,
      input: {
        name: "sightings",
        primaryKey: ["entity_id"],
        eventTime: "seen_at",
        onlineEnabled: true,
        features: featureList({ entity_id: "bigint", seen_at: "timestamp" }),
      },
    });
    const group = await db.featureGroup.findFirstOrThrow({ where: { projectId: fx.project.id, name: "sightings" } });
    const stamp = (date: Date) => `TIMESTAMPTZ '${date.toISOString()}'`;
    const old = new Date(Date.now() - 5 * HOUR);
    const recent = new Date(Date.now() - 60_000);
    await commitRows(fx.project.id, "sightings", `(1, ${stamp(old)})`, "entity_id, seen_at");
    await db.onlineMaterialization.update({
      where: { featureGroupId: group.id },
      data: { lastMaterializedVersion: 1 },
    });
    // Commit 2 is offline only: its write to the online store failed.
    await commitRows(fx.project.id, "sightings", `(2, ${stamp(recent)})`, "entity_id, seen_at");
    await db.featureGroup.update({
      where: { id: group.id },
      data: { freshnessSlaSeconds: 3600, lastCommitAt: new Date(), onlineOutOfSyncSince: 2 },
    });
    const params = { project: fx.project.name, name: "sightings", version: "1" };

    expect((await checkFreshness({ projectId: fx.project.id })).alerted).toBe(1);
    const late = await callRoute(freshnessRoute.GET, params, { userId: fx.owner.id });
    expect(late.json).toMatchObject({ status: "late", newestOnlineEventTime: old.toISOString() });
    expect(late.json.onlineAgeSeconds).toBeGreaterThan(4 * 3600);

    // The repair materializes commit 2: the online store serves the recent row, and the group is on time again.
    await db.onlineMaterialization.update({
      where: { featureGroupId: group.id },
      data: { lastMaterializedVersion: 2 },
    });
    await checkFreshness({ projectId: fx.project.id });
    const fresh = await callRoute(freshnessRoute.GET, params, { userId: fx.owner.id });
    expect(fresh.json).toMatchObject({ status: "ok", newestOnlineEventTime: recent.toISOString() });
  });
});
