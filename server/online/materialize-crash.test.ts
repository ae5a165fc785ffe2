import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import type { TWorker } from "@/server/jobs/worker";
import { stopBoss } from "@/server/jobs/boss";
import { writeCommit } from "@/server/offline";
import { createFeatureGroup } from "@/server/registry/feature-groups";
import { enqueueGroupJob, killWorkerChild, startRescuer, startWorkerChild } from "@/test/fixtures/worker-crash";
import { waitForJobEnd } from "@/test/helpers";
import { bucketOf, getOnlineStore, setOnlineStore, toOnlineGroup, type TOnlineStore } from "../online-store";
import { checkOnlineConsistency } from "./consistency-check";
import { findMaterializableGroup, type TMaterializeCursor } from "./materialize";
import { sweepOrphanPipeDirs } from "./offline-source";
import { featureList } from "@/test/fixtures/test-project";
import { createOwnedProject } from "@/test/fixtures/test-project";

// "A killed worker resumes, it does not start over": a worker process SIGKILLed in the middle of a
// materialization; the retry, in another worker, writes exactly the rows after the last saved chunk.

const ROWS = 600_000; // 12 chunks of 50 k: still running when the worker is killed after its second chunk

let caller: Awaited<ReturnType<typeof createOwnedProject>>;
beforeAll(async () => {
  caller = await createOwnedProject();
});
afterAll(async () => {
  setOnlineStore(undefined);
  await stopBoss();
});

const savedCursor = async (featureGroupId: string, jobId: string) => {
  const state = await db.onlineMaterialization.findUnique({ where: { featureGroupId } });
  return (state?.cursors as Record<string, TMaterializeCursor> | undefined)?.[jobId];
};

describe("crash safety of materialization", () => {
  it("a worker SIGKILLed mid-materialization: the retry resumes after the last saved chunk and writes each remaining row once", async () => {
    const created = await createFeatureGroup({
      ctx: caller.ctx,
      access: caller.access,
      input: {
        name: "cards_kill",
        primaryKey: ["card_id"],
        eventTime: "at",
        onlineEnabled: true,
        features: featureList({ card_id: "bigint", at: "timestamp", limit_eur: "double" }),
      },
    });
    const row = await db.featureGroup.findUniqueOrThrow({ where: { id: created.id } });
    // Offline data written directly (no ingest, so no write-through): the online store starts empty.
    await writeCommit({
      tablePath: row.tablePath,
      mode: "append",
      sourceSql: `SELECT range AS card_id, TIMESTAMPTZ '2026-01-01 00:00:00+00' + to_seconds(range % 86400) AS at, range * 0.5 AS limit_eur FROM range(${ROWS})`,
    });
    const featureGroup = (await findMaterializableGroup({ projectId: caller.project.id, featureGroupId: row.id }))!;
    const store = getOnlineStore();
    const group = toOnlineGroup(featureGroup);
    await store.drop({ group });

    const child = await startWorkerChild({ types: "materialize" });
    let rescuer: TWorker | undefined;
    try {
      const job = await enqueueGroupJob({ caller, type: "materialize", payload: { featureGroupId: row.id } });
      for (const deadline = Date.now() + 60_000; ; await sleep(10)) {
        if (((await savedCursor(row.id, job.id))?.chunks ?? 0) >= 2) break;
        if (Date.now() > deadline) throw new Error("the materialization never saved two chunks");
      }
      await killWorkerChild({ child });
      const atKill = (await savedCursor(row.id, job.id))!;
      // The killed worker could not remove its pipe directory; the sweep (run before any process's first scan) does.
      expect(await sweepOrphanPipeDirs()).toContainEqual(
        expect.stringMatching(new RegExp(`^larder-lines-${child.pid}-`)),
      );
      expect(atKill.rows).toBeGreaterThanOrEqual(100_000);
      expect(atKill.rows).toBeLessThan(ROWS);
      // The rows of the saved chunks are online (written before their cursor was saved): the first in the scan's
      // order (bucket, then key) and the cursor's.
      let firstKey = 0;
      for (let key = 1; key < ROWS; key++) if (bucketOf(String(key)) < bucketOf(String(firstKey))) firstKey = key;
      const [first, lastSaved] = await store.getRows({ group, keys: [[String(firstKey)], atKill.lastKey!] });
      expect(first?.values.limit_eur).toBe(firstKey * 0.5);
      expect(lastSaved?.values.limit_eur).toBe(Number(atKill.lastKey![0]) * 0.5);

      // The retry runs in this process, with a store that counts what it writes.
      let rowsWritten = 0;
      const counting: TOnlineStore = {
        ...store,
        upsertLines: async (args) => ((rowsWritten += args.text.split("\n").length - 1), store.upsertLines(args)),
      };
      setOnlineStore(counting);
      rescuer = await startRescuer({ types: ["materialize"] });
      const finished = await waitForJobEnd(job.id, 90_000);
      expect(finished?.status).toBe("SUCCEEDED");
      expect(finished?.attempts).toBe(2);
      expect(finished?.result).toMatchObject({ resumed: true, rows: ROWS, chunks: ROWS / 50_000 });
      // Not started over: exactly the rows after the saved cursor were written again.
      expect(rowsWritten).toBe(ROWS - atKill.rows);
      const report = await checkOnlineConsistency({ featureGroup, store });
      expect(report).toMatchObject({ keysChecked: ROWS, matching: ROWS });
    } finally {
      await killWorkerChild({ child });
      await rescuer?.stop({ graceMs: 1000 });
      setOnlineStore(undefined);
      await store.drop({ group });
    }
  }, 300_000); // ~135 s alone on an idle machine; longer beside another file (docs/testing.md)
});
