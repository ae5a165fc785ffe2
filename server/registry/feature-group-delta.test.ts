import { existsSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import * as groupsRoute from "@/app/api/v1/projects/[project]/feature-groups/route";
import * as previewRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/preview/route";
import * as changesRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/changes/route";
import { db } from "@/server/db/client";
import { InvalidInputError } from "@/server/errors";
import { loadSnapshot, vacuumTable, writeCommit } from "@/server/offline";
import { accessFor, callRoute, createTestProject, createTestUser, userContext } from "@/test/helpers";
import { readDeltaRaw, readRawCommits } from "@/test/fixtures/raw-delta-reader";
import { createFeatureView, createTrainingDataset, recreateTrainingDataset } from "@/server/feature-views";
import { createFeatureGroup, offlineTablePath } from "./feature-groups";
import { appendFeatures } from "./feature-group-schema";
import { featureGroupChanges, findCommits, previewFeatureGroup } from "./feature-group-data";
import { featureList } from "@/test/fixtures/test-project";
import { createOwnedProject } from "@/test/fixtures/test-project";

// The registry's side of "other Delta readers read what Larder reads": time travel to vacuumed commits is the
// caller's field (422), appended defaults are in the files, partition keys that would hide data are refused.

let owner: Awaited<ReturnType<typeof createTestUser>>;
let project: Awaited<ReturnType<typeof createTestProject>>;
const ctx = () => userContext(owner);
const access = () => accessFor(project, "OWNER");

const SPEC = {
  primaryKey: ["card_id"],
  features: [
    { name: "card_id", type: "bigint" as const },
    { name: "credit_limit", type: "double" as const },
  ],
};

beforeAll(async () => {
  ({ owner, project } = await createOwnedProject());
});

const createWithVersions = async (name: string, versions: number) => {
  const group = await createFeatureGroup({ ctx: ctx(), access: access(), input: { name, ...SPEC } });
  const row = await db.featureGroup.findUniqueOrThrow({ where: { id: group.id } });
  // Each upsert rewrites the one data file, so vacuum can delete every older version's files.
  for (let v = 1; v <= versions; v += 1)
    await writeCommit({
      tablePath: row.tablePath,
      mode: "upsert",
      sourceSql: `SELECT range AS card_id, ${v}.0 AS credit_limit FROM range(3)`,
    });
  return row.tablePath;
};

describe("time travel to a vacuumed commit", () => {
  it("is a 422 naming asOfVersion / asOfTime / fromVersion and the oldest readable version", async () => {
    const tablePath = await createWithVersions("cards_vacuumed", 3);
    const v1 = await loadSnapshot({ tablePath, asOf: { version: 1 } });
    await vacuumTable({ tablePath, retentionMs: 0, now: Date.now() + 1000 });
    const base = { ctx: ctx(), access: access(), name: "cards_vacuumed", version: 1, limit: 10 };

    const byVersion = await previewFeatureGroup({ ...base, asOfVersion: 1 }).catch((e: unknown) => e);
    expect(byVersion).toBeInstanceOf(InvalidInputError);
    const issue = (byVersion as InvalidInputError).issues[0];
    expect(issue.path).toBe("query.asOfVersion");
    expect(issue.message).toBe(
      "version 1 was vacuumed (its data files were deleted); the oldest readable version is 3",
    );
    expect((byVersion as Error).message).not.toContain(tablePath);

    const byTime = await previewFeatureGroup({ ...base, asOfTime: new Date(v1.timestamp).toISOString() }).catch(
      (e: unknown) => e,
    );
    expect((byTime as InvalidInputError).issues[0]).toMatchObject({ path: "query.asOfTime" });
    expect((byTime as Error).message).toMatch(/oldest readable version is 3/);

    const changes = await featureGroupChanges({ ...base, fromVersion: 1, toVersion: 3 }).catch((e: unknown) => e);
    expect((changes as InvalidInputError).issues[0]).toMatchObject({ path: "query.fromVersion" });

    // Through the route handlers: a problem+json 422, never a 500 with DuckDB's "No files found".
    const params = { project: project.name, name: "cards_vacuumed", version: "1" };
    const preview = await callRoute(previewRoute.GET, params, { userId: owner.id, query: { asOfVersion: "2" } });
    expect(preview.status).toBe(422);
    expect(preview.json.errors[0].path).toBe("query.asOfVersion");
    expect(preview.json.detail).toMatch(/version 2 was vacuumed.*oldest readable version is 3/);
    const changed = await callRoute(changesRoute.GET, params, {
      userId: owner.id,
      query: { fromVersion: "1", toVersion: "3" },
    });
    expect(changed.status).toBe(422);
    expect(changed.json.errors[0].path).toBe("query.fromVersion");

    const latest = await previewFeatureGroup({ ...base, asOfVersion: 3 });
    expect(latest.rows).toHaveLength(3);
  });
});

describe("re-creating a training dataset pinned to a vacuumed commit", () => {
  it("is refused in the request (422 naming the pinned commit), creating nothing", async () => {
    const group = await createFeatureGroup({
      ctx: ctx(),
      access: access(),
      input: {
        name: "events_pinned",
        primaryKey: ["id"],
        eventTime: "at",
        features: featureList({ id: "bigint", x: "double", at: "timestamp" }),
      },
    });
    const row = await db.featureGroup.findUniqueOrThrow({ where: { id: group.id } });
    const commit = async (x: number) => {
      const written = await writeCommit({
        tablePath: row.tablePath,
        mode: "upsert",
        sourceSql: `SELECT range AS id, ${x}.0 AS x, TIMESTAMPTZ '2026-01-01 00:00:00+00' AS at FROM range(3)`,
      });
      await db.featureGroup.update({ where: { id: row.id }, data: { deltaVersion: written.version } });
    };
    await commit(1);
    await createFeatureView({
      ctx: ctx(),
      access: access(),
      input: { name: "events_view", root: { featureGroup: { name: "events_pinned", version: 1 } } },
    });
    const viewRef = { featureViewName: "events_view", featureViewVersion: 1 };
    await createTrainingDataset({ ctx: ctx(), access: access(), ...viewRef, input: {}, enqueue: false });
    await commit(2);
    await commit(3);
    await vacuumTable({ tablePath: row.tablePath, retentionMs: 0, now: Date.now() + 1000 });
    const before = await db.trainingDataset.count({ where: { projectId: project.id } });

    const error = await recreateTrainingDataset({
      ctx: ctx(),
      access: access(),
      name: "events_view",
      version: 1,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).issues[0]).toMatchObject({ path: "sourceCommits.0.deltaVersion" });
    expect((error as Error).message).toMatch(
      /commit 1 of events_pinned v1 was vacuumed .*the oldest readable commit is 3/,
    );
    expect(await db.trainingDataset.count({ where: { projectId: project.id } })).toBe(before);
  });
});

describe("appending features with a default", () => {
  it("writes the default into old rows for every reader and records them as updated by the commit", async () => {
    const tablePath = await createWithVersions("cards_default", 1);
    await appendFeatures({
      ctx: ctx(),
      access: access(),
      name: "cards_default",
      version: 1,
      input: { features: [{ name: "risk_score", type: "double", description: "", defaultValue: 0.25 }] },
    });
    const preview = await previewFeatureGroup({
      ctx: ctx(),
      access: access(),
      name: "cards_default",
      version: 1,
      limit: 10,
    });
    expect(preview.rows.map((row) => row.risk_score)).toEqual([0.25, 0.25, 0.25]);
    const raw = await readDeltaRaw({ tablePath, orderBy: ["card_id"] });
    expect(raw.map((row) => row.risk_score)).toEqual([0.25, 0.25, 0.25]);
    const [added] = await findCommits({ access: access(), name: "cards_default", version: 1 });
    expect(added).toMatchObject({ operation: "ADD COLUMNS", version: 2, rowsUpdated: 3 });
    expect((await readRawCommits(tablePath)).at(-1)!.adds).toHaveLength(1);
  });
});

describe("partition keys", () => {
  it("refuses a partition key whose directories Delta readers would hide: 422 naming partitionKey, nothing written", async () => {
    const response = await callRoute(
      groupsRoute.POST,
      { project: project.name },
      {
        userId: owner.id,
        method: "POST",
        body: { name: "cards_hidden", ...SPEC, partitionKey: "_region" },
      },
    );
    expect(response.status).toBe(422);
    const issues = response.json.errors.filter((error: { path: string }) => error.path === "partitionKey");
    expect(issues.map((issue: { message: string }) => issue.message)).toContain(
      "must not start with _ or . (Delta readers treat such directories as hidden)",
    );
    expect(await db.featureGroup.count({ where: { projectId: project.id, name: "cards_hidden" } })).toBe(0);
    expect(existsSync(offlineTablePath({ projectId: project.id, name: "cards_hidden", version: 1 }))).toBe(false);
  });
});
