import { describe, expect, it, onTestFinished } from "vitest";
import { db } from "@/server/db/client";
import { createTestProject, createTestUser } from "@/test/helpers";
import { snapshotState } from "@/test/fixtures/state-snapshot";
import { startChangeTracker } from "@/test/fixtures/change-tracker";

// The hostile-input and isolation tests trust this snapshot to notice any write; it must notice each kind of change.
describe("the state snapshot", () => {
  it.each([
    ["digesting every table", false],
    ["re-digesting the tables a change tracker saw written", true],
  ])(
    "notices an added row, a changed value, a removed row, and nothing when nothing changed, %s",
    async (_, tracked) => {
      const tracker = tracked ? await startChangeTracker() : undefined;
      onTestFinished(async () => tracker?.stop());
      const owner = await createTestUser();
      const project = await createTestProject({ members: [{ userId: owner.id, role: "OWNER" }] });
      const take = () => snapshotState({ projectId: project.id, tracker });
      const before = await take();
      expect(await take()).toEqual(before);

      const added = await createTestUser();
      const afterAdd = await take();
      expect(afterAdd.tables.User).not.toEqual(before.tables.User);

      await db.user.update({ where: { id: added.id }, data: { name: `${added.name}.` } });
      const afterChange = await take();
      expect(afterChange.tables.User.rows).toBe(afterAdd.tables.User.rows);
      expect(afterChange.tables.User.digest).not.toBe(afterAdd.tables.User.digest);

      await db.user.delete({ where: { id: added.id } });
      expect((await take()).tables.User).toEqual(before.tables.User);
    },
  );
});
