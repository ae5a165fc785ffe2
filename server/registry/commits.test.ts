import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { newId } from "@/server/ids";
import { createTestProject } from "@/test/helpers";
import { recordCommit } from "./commits";

// The one place a feature group's commits are recorded: what a retried job and out-of-order writers leave behind.

let projectId: string;

const createGroup = async () =>
  db.featureGroup.create({
    data: {
      id: newId("fg"),
      projectId,
      name: `fg_${Math.random().toString(36).slice(2, 8)}`,
      version: 1,
      primaryKey: ["id"],
      tablePath: "/nonexistent",
      deltaVersion: 0,
    },
  });

beforeAll(async () => {
  projectId = (await createTestProject({ members: [] })).id;
});

describe("recordCommit", () => {
  it("records a commit once however often a retried job records it, with its row counts", async () => {
    const group = await createGroup();
    const commit = {
      featureGroupId: group.id,
      deltaVersion: 1,
      operation: "UPSERT",
      rows: { inserted: 3, updated: 2, deleted: 0 },
      rowCount: 5,
      jobId: "job_retried",
    } as const;
    await recordCommit(commit);
    await recordCommit({ ...commit, rows: { inserted: 99, updated: 0, deleted: 0 } });
    const commits = await db.featureGroupCommit.findMany({ where: { featureGroupId: group.id } });
    expect(commits).toHaveLength(1);
    expect(commits[0]).toMatchObject({ deltaVersion: 1, operation: "UPSERT", jobId: "job_retried" });
    expect(Number(commits[0].rowsInserted)).toBe(3);
    const after = await db.featureGroup.findUniqueOrThrow({ where: { id: group.id } });
    expect(after).toMatchObject({ deltaVersion: 1, rowCount: BigInt(5) });
    expect(after.lastCommitAt).not.toBeNull();
  });

  it("keeps the newest version when commits are recorded out of order; metadata commits change no row counts", async () => {
    const group = await createGroup();
    await recordCommit({
      featureGroupId: group.id,
      deltaVersion: 3,
      operation: "INSERT",
      rows: { inserted: 7, updated: 0, deleted: 0 },
      rowCount: 7,
    });
    const afterInsert = await db.featureGroup.findUniqueOrThrow({ where: { id: group.id } });
    await recordCommit({ featureGroupId: group.id, deltaVersion: 2, operation: "OPTIMIZE", jobId: "job_compact" });
    const after = await db.featureGroup.findUniqueOrThrow({ where: { id: group.id } });
    expect(after.deltaVersion).toBe(3);
    expect(after.rowCount).toBe(BigInt(7));
    expect(after.lastCommitAt).toEqual(afterInsert.lastCommitAt);
    const versions = await db.featureGroupCommit.findMany({
      where: { featureGroupId: group.id },
      orderBy: { deltaVersion: "asc" },
      select: { deltaVersion: true, operation: true, rowsInserted: true },
    });
    expect(versions).toEqual([
      { deltaVersion: 2, operation: "OPTIMIZE", rowsInserted: BigInt(0) },
      { deltaVersion: 3, operation: "INSERT", rowsInserted: BigInt(7) },
    ]);
  });

  it("records inside the caller's transaction, so it rolls back with the caller's other writes", async () => {
    const group = await createGroup();
    await expect(
      db.$transaction(async (tx) => {
        await recordCommit({ featureGroupId: group.id, deltaVersion: 1, operation: "ADD COLUMNS", tx });
        throw new Error("a later write of the caller failed");
      }),
    ).rejects.toThrow("a later write");
    expect(await db.featureGroupCommit.count({ where: { featureGroupId: group.id } })).toBe(0);
    expect((await db.featureGroup.findUniqueOrThrow({ where: { id: group.id } })).deltaVersion).toBe(0);
  });
});
