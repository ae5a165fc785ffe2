import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { stopBoss } from "@/server/jobs/boss";
import { searchCatalog } from "@/server/search";
import { ZSearchQuerySchema } from "@/lib/api/search";
import { DEMO_DISCOVERABLE_PROJECT } from "./discovery";
import { seedDemo } from "./seed";
import { DEMO_USERS } from "./users";

// The demo shows discovery on first start: payments_platform (Ada Admin's alone) is discoverable, so Olivia Owner
// finds its group and view in search, and Vera Viewer's pending request waits in Ada's Settings › Access requests.

afterAll(() => stopBoss());

describe("the demo's discovery", () => {
  it("has a discoverable project found by a non-member, with one pending request", async () => {
    await seedDemo();
    const project = await db.project.findUniqueOrThrow({ where: { name: DEMO_DISCOVERABLE_PROJECT } });
    expect(project.discoverable).toBe(true);
    const olivia = await db.user.findUniqueOrThrow({ where: { email: DEMO_USERS[1].email } });
    const found = await searchCatalog({
      principal: { kind: "user", userId: olivia.id, email: olivia.email, name: olivia.name, isAdmin: false },
      query: ZSearchQuerySchema.parse({ q: "settlement" }).parsed,
      text: "settlement",
      perKind: 10,
      discover: true,
    });
    expect(found.discoverable?.map(({ kind, name }) => [kind, name]).sort()).toEqual([
      ["featureGroup", "merchant_settlements"],
      ["featureView", "settlement_risk"],
    ]);
    const requests = await db.accessRequest.findMany({
      where: { projectId: project.id },
      include: { requester: { select: { email: true } } },
    });
    expect(requests.map(({ status, requester }) => [status, requester.email])).toEqual([
      ["PENDING", DEMO_USERS[3].email],
    ]);
  }, 600_000);
});
