import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as groupsRoute from "@/app/api/v1/projects/[project]/feature-groups/route";
import * as groupRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/route";
import * as insertRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/insert/route";
import * as deleteRowsRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/delete-rows/route";
import * as changesRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/changes/route";
import * as commitsRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/commits/route";
import * as featuresRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/features/route";
import { db } from "@/server/db/client";
import { getDataDir } from "@/server/env";
import { callRoute, waitForJobEnd } from "@/test/helpers";

import { featureGroupApi, CARD_PROFILES } from "@/test/fixtures/feature-group-api";
import { featureList, useOwnedProject } from "@/test/fixtures/test-project";

// Feature groups end to end through the API: definitions (and who may write them), JSON loads through the real job
// runner, upsert/delete semantics, time travel, changes and schema evolution. File loads: feature-group-files.test.ts.

const fx = useOwnedProject({ roles: ["VIEWER"], workerTypes: ["ingest"] });

const { insert, preview, ...api } = featureGroupApi(fx);
const createGroup = (name: string, spec: Record<string, unknown> = CARD_PROFILES) => api.createGroup(name, spec);

describe("feature group definitions", () => {
  it("creates version 1, then the next version when none is given", async () => {
    const first = await createGroup("cards_versions");
    expect(first).toMatchObject({
      name: "cards_versions",
      version: 1,
      primaryKey: ["card_id"],
      eventTime: "updated_at",
      rowCount: 0,
    });
    expect(first.features.find((f: { name: string }) => f.name === "card_id").isPrimaryKey).toBe(true);
    const second = await createGroup("cards_versions");
    expect(second.version).toBe(2);
    const duplicate = await api.postGroup({ name: "cards_versions", version: 2, ...CARD_PROFILES });
    expect(duplicate.status).toBe(409);
  });

  it("refuses bad definitions with the offending fields named, and creates nothing", async () => {
    const before = await db.featureGroup.count({ where: { projectId: fx.project.id } });
    // A key and event time that are not features, a duplicate feature, and (first) a hostile name and unknown type.
    const badDefinition = (name: string, cardType: string) => ({
      name,
      primaryKey: ["missing"],
      eventTime: "card_type",
      features: [
        { name: "card_id", type: "bigint" },
        { name: "card_type", type: cardType },
        { name: "card_id", type: "int" },
      ],
    });
    const response = await api.postGroup(badDefinition("../etc'; DROP TABLE x;--", "text"));
    expect(response.status).toBe(422);
    const paths = response.json.errors.map((issue: { path: string }) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(["name", "features.1.type"]));
    const semantic = await api.postGroup(badDefinition("bad_semantics", "string"));
    expect(semantic.json.errors.map((issue: { path: string }) => issue.path)).toEqual(
      expect.arrayContaining(["features.2.name", "primaryKey.0", "eventTime"]),
    );
    // Names DuckDB reads as a Parquet scan's virtual columns are reserved.
    const reserved = await api.postGroup({
      name: "bad_reserved",
      primaryKey: ["card_id"],
      features: featureList({ card_id: "bigint", file_row_number: "bigint" }),
    });
    expect(reserved.status).toBe(422);
    expect(reserved.json.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "features.1.name", message: expect.stringMatching(/reserved/) }),
      ]),
    );
    expect(await db.featureGroup.count({ where: { projectId: fx.project.id } })).toBe(before);
    expect(existsSync(path.join(getDataDir(), "projects", fx.project.id, "offline", "bad_semantics_v1"))).toBe(false);
  });

  it("a Viewer can read the catalog but neither define groups nor write data", async () => {
    await createGroup("cards_viewer");
    const list = await callRoute(groupsRoute.GET, { project: fx.project.name }, { userId: fx.members[0].id });
    expect(list.json.featureGroups.map((g: { name: string }) => g.name)).toContain("cards_viewer");
    expect((await api.postGroup({ name: "nope", ...CARD_PROFILES }, fx.members[0].id)).status).toBe(403);
    expect(
      (
        await callRoute(
          insertRoute.POST,
          { project: fx.project.name, name: "cards_viewer", version: "1" },
          { userId: fx.members[0].id, method: "POST", body: { rows: [{ card_id: 1 }] } },
        )
      ).status,
    ).toBe(403);
  });
});

describe("ingestion, upserts and time travel", () => {
  it("upserts on primary key + event time, deletes by key, and reads back as of every commit", async () => {
    await createGroup("cards_upsert");
    const t0 = "2026-01-01T00:00:00Z";
    const t1 = "2026-02-01T00:00:00Z";
    const first = await insert("cards_upsert", [
      { card_id: 1, card_type: "visa", credit_limit: 1000, is_premium: false, updated_at: t0 },
      { card_id: 2, card_type: "amex", credit_limit: 5000, is_premium: true, updated_at: t0 },
    ]);
    expect(first.status).toBe("SUCCEEDED");
    // Same key and event time replaces; same key at a later time is new history; a new key is inserted.
    const second = await insert("cards_upsert", [
      { card_id: 1, card_type: "visa", credit_limit: 1500, is_premium: false, updated_at: t0 },
      { card_id: 1, card_type: "visa", credit_limit: 2000, is_premium: true, updated_at: t1 },
      { card_id: 3, card_type: "mastercard", credit_limit: 700, is_premium: false, updated_at: t1 },
    ]);
    expect(second.status).toBe("SUCCEEDED");
    const commits = await callRoute(
      commitsRoute.GET,
      { project: fx.project.name, name: "cards_upsert", version: "1" },
      { userId: fx.owner.id },
    );
    const [latest, initial] = commits.json.commits;
    expect(initial).toMatchObject({
      version: 1,
      rowsInserted: 2,
      rowsUpdated: 0,
      jobId: first.id,
      user: fx.owner.email,
    });
    expect(latest).toMatchObject({ version: 2, rowsInserted: 2, rowsUpdated: 1, operation: "UPSERT" });

    const now = await preview("cards_upsert");
    expect(now.json.rows).toHaveLength(4);
    expect(
      now.json.rows.find(
        (r: { card_id: unknown; updated_at: string }) =>
          Number(r.card_id) === 1 && r.updated_at.startsWith("2026-01-01"),
      ).credit_limit,
    ).toBe(1500);
    const asOfFirst = await preview("cards_upsert", { asOfVersion: "1" });
    expect(asOfFirst.json.rows).toHaveLength(2);
    expect(asOfFirst.json.rows.find((r: { card_id: unknown }) => Number(r.card_id) === 1).credit_limit).toBe(1000);
    const tooNew = await preview("cards_upsert", { asOfVersion: "99" });
    expect(tooNew.status).toBe(422);
    expect(tooNew.json.errors[0].path).toBe("query.asOfVersion");

    const changes = await callRoute(
      changesRoute.GET,
      { project: fx.project.name, name: "cards_upsert", version: "1" },
      { userId: fx.owner.id, query: { fromVersion: "1", toVersion: "2" } },
    );
    const types = changes.json.rows.map((row: { _change_type: string }) => row._change_type).sort();
    expect(types).toEqual(["insert", "insert", "update_postimage", "update_preimage"]);

    const deleted = await callRoute(
      deleteRowsRoute.POST,
      { project: fx.project.name, name: "cards_upsert", version: "1" },
      { userId: fx.owner.id, method: "POST", body: { keys: [{ card_id: 1 }] } },
    );
    expect(deleted.status).toBe(202);
    expect((await waitForJobEnd(deleted.json.job.id)).status).toBe("SUCCEEDED");
    const afterDelete = await preview("cards_upsert");
    expect(afterDelete.json.rows.map((r: { card_id: unknown }) => Number(r.card_id)).sort()).toEqual([2, 3]);
    const group = await callRoute(
      groupRoute.GET,
      { project: fx.project.name, name: "cards_upsert", version: "1" },
      { userId: fx.owner.id },
    );
    expect(group.json).toMatchObject({ rowCount: 2, deltaVersion: 3, commitCount: 3 });
    // Reading values is audited; auditors see who read what.
    expect(
      await db.auditEvent.count({ where: { projectId: fx.project.id, action: "featureData.read" } }),
    ).toBeGreaterThan(0);
  });

  it("two ingests into the same group at once both land, with no row lost", async () => {
    await createGroup("cards_concurrent");
    const rows = (offset: number) =>
      Array.from({ length: 500 }, (_, i) => ({
        card_id: offset + i,
        card_type: "visa",
        credit_limit: i,
        is_premium: false,
        updated_at: "2026-01-01T00:00:00Z",
      }));
    const [a, b] = await Promise.all([
      api.insertBody("cards_concurrent", { rows: rows(0) }),
      api.insertBody("cards_concurrent", { rows: rows(10_000) }),
    ]);
    const jobs = await Promise.all([waitForJobEnd(a.json.job.id), waitForJobEnd(b.json.job.id)]);
    expect(jobs.map((job) => job.status)).toEqual(["SUCCEEDED", "SUCCEEDED"]);
    const group = await callRoute(
      groupRoute.GET,
      { project: fx.project.name, name: "cards_concurrent", version: "1" },
      { userId: fx.owner.id },
    );
    expect(group.json.rowCount).toBe(1000);
    expect(group.json.commitCount).toBe(2);
  });

  it("appending a feature keeps old rows readable with the default", async () => {
    await createGroup("cards_evolve");
    await insert("cards_evolve", [
      { card_id: 1, card_type: "visa", credit_limit: 10, is_premium: false, updated_at: "2026-01-01T00:00:00Z" },
    ]);
    const evolved = await callRoute(
      featuresRoute.POST,
      { project: fx.project.name, name: "cards_evolve", version: "1" },
      {
        userId: fx.owner.id,
        method: "POST",
        body: { features: [{ name: "risk_score", type: "double", defaultValue: 0.5 }] },
      },
    );
    expect(evolved.status).toBe(201);
    const clash = await callRoute(
      featuresRoute.POST,
      { project: fx.project.name, name: "cards_evolve", version: "1" },
      { userId: fx.owner.id, method: "POST", body: { features: [{ name: "card_type", type: "int" }] } },
    );
    expect(clash.status).toBe(422);
    expect(clash.json.errors[0].path).toBe("features.0.name");
    await insert("cards_evolve", [
      {
        card_id: 2,
        card_type: "visa",
        credit_limit: 10,
        is_premium: false,
        updated_at: "2026-01-01T00:00:00Z",
        risk_score: 0.9,
      },
    ]);
    const rows = (await preview("cards_evolve")).json.rows;
    expect(rows.map((r: { risk_score: number }) => r.risk_score).sort()).toEqual([0.5, 0.9]);
  });
});
