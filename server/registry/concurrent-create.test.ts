import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { getDataDir } from "@/server/env";
import { createFeatureView, createTrainingDataset } from "@/server/feature-views";
import { errorToResponse } from "@/server/http/problem";
import { queryJsonRows, readTable, withDuckDb, writeCommit } from "@/server/offline";
import { accessFor, createTestProject, createTestUser, userContext } from "@/test/helpers";
import { createFeatureGroup, deleteFeatureGroup } from "./feature-groups";
import { featureList } from "@/test/fixtures/test-project";
import { createOwnedProject } from "@/test/fixtures/test-project";

// Identical creations fired at once (Promise.all through the services, as concurrent API requests would call
// them), N = 2..8, several rounds: one 201 and N − 1 409s when the version is named, N distinct versions when it is
// not, never a 500; the winner's Delta table exists and takes an insert; no directory is left that no registry row
// owns. The old code checked "exists?" first and cleaned up by path, so a loser could delete the winner's table.

const ROUNDS = 2;
const SIZES = [2, 3, 4, 5, 6, 7, 8];
const T0 = "2026-01-01T00:00:00Z";

let owner: Awaited<ReturnType<typeof createTestUser>>;
let project: Awaited<ReturnType<typeof createTestProject>>;
const ctx = () => userContext(owner);
const access = () => accessFor(project, "OWNER");

/** The HTTP status the API would answer for this call (`success`, else the one error mapping). */
const statusOf = async (call: () => Promise<unknown>, success = 201): Promise<number> => {
  try {
    await call();
    return success;
  } catch (error) {
    return errorToResponse(error).status;
  }
};

const createGroup = (name: string, version?: number) =>
  createFeatureGroup({
    ctx: ctx(),
    access: access(),
    input: {
      name,
      ...(version ? { version } : {}),
      primaryKey: ["id"],
      eventTime: "ts",
      features: featureList({ id: "bigint", amount: "double", ts: "timestamp" }),
    },
  });

/** The winner's table is a Delta table that takes a commit and reads it back. */
const expectUsableTable = async (tablePath: string) => {
  expect(existsSync(path.join(tablePath, "_delta_log", "00000000000000000000.json"))).toBe(true);
  const written = await writeCommit({
    tablePath,
    mode: "append",
    sourceSql: `SELECT 1::BIGINT AS id, 2.5::DOUBLE AS amount, TIMESTAMPTZ '${T0}' AS ts`,
  });
  expect(written.version).toBe(1);
  const rows = await withDuckDb(undefined, async (connection) => {
    const relation = await readTable({ tablePath, connection });
    return queryJsonRows(connection, `SELECT count(*) AS n FROM ${relation.sql} AS t`);
  });
  expect(Number(rows[0].n)).toBe(1);
};

/** Every directory under the project's offline store belongs to a registry row, and every row has its table. */
const expectNoOrphans = async () => {
  const rows = await db.featureGroup.findMany({ where: { projectId: project.id }, select: { tablePath: true } });
  const offline = path.join(getDataDir(), "projects", project.id, "offline");
  const directories = existsSync(offline) ? readdirSync(offline).sort() : [];
  expect(directories).toEqual(rows.map((row) => path.basename(row.tablePath)).sort());
};

beforeAll(async () => {
  ({ owner, project } = await createOwnedProject());
});

describe("concurrent creation of one feature group", () => {
  it.each(SIZES)("%i identical requests naming version 1: one 201, the rest 409, the table usable", async (n) => {
    for (let round = 0; round < ROUNDS; round++) {
      const name = `fg_named_${n}_${round}`;
      const statuses = await Promise.all(Array.from({ length: n }, () => statusOf(() => createGroup(name, 1))));
      expect(statuses.sort()).toEqual([201, ...Array<number>(n - 1).fill(409)]);
      const rows = await db.featureGroup.findMany({ where: { projectId: project.id, name } });
      expect(rows.map((row) => row.version)).toEqual([1]);
      await expectUsableTable(rows[0].tablePath);
    }
    await expectNoOrphans();
  });

  it.each(SIZES)(
    "%i identical requests without a version: all 201 with versions 1..n, every table usable",
    async (n) => {
      for (let round = 0; round < ROUNDS; round++) {
        const name = `fg_next_${n}_${round}`;
        const statuses = await Promise.all(Array.from({ length: n }, () => statusOf(() => createGroup(name))));
        expect(statuses).toEqual(Array<number>(n).fill(201));
        const rows = await db.featureGroup.findMany({
          where: { projectId: project.id, name },
          orderBy: { version: "asc" },
        });
        expect(rows.map((row) => row.version)).toEqual(Array.from({ length: n }, (_, index) => index + 1));
        for (const row of rows) expect(existsSync(path.join(row.tablePath, "_delta_log"))).toBe(true);
        await expectUsableTable(rows[n - 1].tablePath);
      }
      await expectNoOrphans();
    },
  );

  it("deleting a version while it is created again never leaves a registered group without its table", async () => {
    for (let round = 0; round < 6; round++) {
      const name = `fg_recreate_${round}`;
      await createGroup(name, 1);
      const [deleted, created] = await Promise.all([
        statusOf(() => deleteFeatureGroup({ ctx: ctx(), access: access(), name, version: 1 }), 204),
        statusOf(() => createGroup(name, 1)),
      ]);
      expect(deleted).toBe(204);
      expect([201, 409]).toContain(created);
      const rows = await db.featureGroup.findMany({ where: { projectId: project.id, name } });
      for (const row of rows) await expectUsableTable(row.tablePath);
    }
    await expectNoOrphans();
  });
});

describe("concurrent creation of feature view and training dataset versions", () => {
  beforeAll(async () => {
    const group = await createGroup("fv_source", 1);
    const written = await writeCommit({
      tablePath: (await db.featureGroup.findFirstOrThrow({ where: { id: group.id } })).tablePath,
      mode: "append",
      sourceSql: `SELECT 1::BIGINT AS id, 2.5::DOUBLE AS amount, TIMESTAMPTZ '${T0}' AS ts`,
    });
    await db.featureGroup.update({ where: { id: group.id }, data: { deltaVersion: written.version } });
    await createFeatureView({
      ctx: ctx(),
      access: access(),
      input: { name: "fv_base", root: { featureGroup: { name: "fv_source", version: 1 } } },
    });
  });

  const createView = (name: string, version?: number) =>
    createFeatureView({
      ctx: ctx(),
      access: access(),
      input: { name, ...(version ? { version } : {}), root: { featureGroup: { name: "fv_source", version: 1 } } },
    });

  const createDataset = (name: string, version?: number) =>
    createTrainingDataset({
      ctx: ctx(),
      access: access(),
      featureViewName: "fv_base",
      featureViewVersion: 1,
      enqueue: false,
      input: {
        name,
        ...(version ? { version } : {}),
        spine: { type: "timeRange", start: "2025-12-01T00:00:00Z", end: "2026-02-01T00:00:00Z" },
        split: { type: "none" },
        format: "parquet",
      },
    });

  it.each(SIZES)("%i feature views at once: distinct next versions; a named version once, then 409", async (n) => {
    for (let round = 0; round < ROUNDS; round++) {
      const next = await Promise.all(Array.from({ length: n }, () => statusOf(() => createView(`fv_${n}_${round}`))));
      expect(next).toEqual(Array<number>(n).fill(201));
      const rows = await db.featureView.findMany({ where: { projectId: project.id, name: `fv_${n}_${round}` } });
      expect(rows.map((row) => row.version).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      const named = await Promise.all(
        Array.from({ length: n }, () => statusOf(() => createView(`fvn_${n}_${round}`, 3))),
      );
      expect(named.sort()).toEqual([201, ...Array<number>(n - 1).fill(409)]);
    }
  });

  it.each(SIZES)("%i training datasets at once: distinct next versions; a named version once, then 409", async (n) => {
    for (let round = 0; round < ROUNDS; round++) {
      const next = await Promise.all(
        Array.from({ length: n }, () => statusOf(() => createDataset(`td_${n}_${round}`))),
      );
      expect(next).toEqual(Array<number>(n).fill(201));
      const rows = await db.trainingDataset.findMany({ where: { projectId: project.id, name: `td_${n}_${round}` } });
      expect(rows.map((row) => row.version).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      expect(new Set(rows.map((row) => row.path)).size).toBe(n);
      const named = await Promise.all(
        Array.from({ length: n }, () => statusOf(() => createDataset(`tdn_${n}_${round}`, 2))),
      );
      expect(named.sort()).toEqual([201, ...Array<number>(n - 1).fill(409)]);
    }
  });
});
