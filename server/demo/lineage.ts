import { db } from "../db/client";
import { putLineageParents } from "../lineage";
import { actAsOwner } from "./owner-actor";

// The demo's lineage (docs/lineage.md). Views and datasets record their edges as they are created, so the lineage
// page of fraud_model shows its groups, itself and its training datasets, with the card holders' PII (tagged in
// tags.ts) flowing into its columns, on first start. Here: merchant_aggregates is declared derived from
// transactions (it aggregates them), so the chain starts one step further up.

export const seedDemoLineage = async ({ projectId, ownerId }: { projectId: string; ownerId: string }) => {
  const child = await db.featureGroup.findFirst({ where: { projectId, name: "merchant_aggregates", version: 1 } });
  if (!child) return;
  if (await db.lineageEdge.count({ where: { toKind: "feature_group", toId: child.id } })) return;
  const { ctx, access } = await actAsOwner({ projectId, ownerId, userAgent: "larder demo seed" });
  await putLineageParents({
    ctx,
    access,
    name: "merchant_aggregates",
    version: 1,
    body: { parents: [{ name: "transactions", version: 1 }] },
  });
};
