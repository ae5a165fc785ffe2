import { db } from "../db/client";
import { newId } from "../ids";
import { createFeatureView } from "../feature-views";
import { createAccessRequest, setProjectDiscoverable } from "../sharing";
import { seedDemoFeatureGroups } from "./feature-groups";
import { actAsOwner } from "./owner-actor";
import { DEMO_USERS } from "./users";

// Discovery in the demo (docs/sharing.md): payments_platform, owned by Ada Admin alone, is discoverable, so the
// other demo users find its settlement group and view in search ("settlement", "payments") and may ask to join;
// Vera Viewer has already asked, so Ada's Settings › Access requests shows a pending request on first start.

export const DEMO_DISCOVERABLE_PROJECT = "payments_platform";
const SETTLEMENTS = 300;

export const seedDemoDiscovery = async () => {
  if (await db.project.findUnique({ where: { name: DEMO_DISCOVERABLE_PROJECT } })) return;
  const [admin, viewer] = await Promise.all(
    [DEMO_USERS[0].email, DEMO_USERS[3].email].map((email) => db.user.findUniqueOrThrow({ where: { email } })),
  );
  const project = await db.project.create({
    data: {
      id: newId("prj"),
      name: DEMO_DISCOVERABLE_PROJECT,
      description: "The payments team's settlement features. Discoverable: ask to join from search.",
      createdById: admin.id,
    },
  });
  await db.membership.create({ data: { projectId: project.id, userId: admin.id, role: "OWNER" } });
  await seedDemoFeatureGroups({
    projectId: project.id,
    ownerId: admin.id,
    only: (start) => [
      {
        spec: {
          name: "merchant_settlements",
          description: "Daily settlement totals and delays per merchant, from the payments ledger.",
          primaryKey: ["merchant_id"],
          eventTime: "settled_at",
          onlineEnabled: false,
          features: [
            { name: "merchant_id", type: "bigint", description: "Merchant" },
            { name: "settled_amount", type: "double", description: "Amount settled that day" },
            { name: "settlement_delay_days", type: "int", description: "Days from capture to settlement" },
            { name: "settled_at", type: "timestamp", description: "Settlement date" },
          ],
        },
        commits: [
          {
            label: "initial settlements",
            sql: `SELECT i AS merchant_id, round(random() * 10000, 2) AS settled_amount, (i % 5)::INT AS settlement_delay_days, TIMESTAMP '${start}' + INTERVAL (i % 30) DAY AS settled_at FROM range(1, ${SETTLEMENTS + 1}) t(i)`,
          },
        ],
      },
    ],
  });
  const { ctx, access } = await actAsOwner({ projectId: project.id, ownerId: admin.id, userAgent: "larder-demo-seed" });
  await createFeatureView({
    ctx,
    access,
    input: {
      name: "settlement_risk",
      description: "Settlement delays per merchant, for payment risk models",
      root: { featureGroup: { name: "merchant_settlements", version: 1 } },
    },
  });
  await setProjectDiscoverable({ ctx, access, discoverable: true });
  const asker = await actAsOwner({ projectId: project.id, ownerId: viewer.id, userAgent: "larder-demo-seed" });
  await createAccessRequest({
    ctx: asker.ctx,
    input: {
      project: DEMO_DISCOVERABLE_PROJECT,
      role: "VIEWER",
      reason: "I review fraud cases and need the settlement delays of the merchants involved.",
    },
  });
};
