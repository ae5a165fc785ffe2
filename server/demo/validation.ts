import { db } from "../db/client";
import { putSuite, runSuiteOnDemand } from "../validation";
import { actAsOwner } from "./owner-actor";

// The demo's data validation: an ALWAYS expectation suite on transactions, run once against its latest commit by a
// validation job (the worker records its report), so the Validation tab opens on a report with failures (the largest
// amounts, the oldest event times), linked to its job.

const COUNTRIES = ["US", "GB", "DE", "FR", "NL", "ES", "IT", "CA"];
const CATEGORIES = ["grocery", "electronics", "travel", "restaurants", "fuel", "fashion", "gaming", "pharmacy"];

export const seedDemoValidation = async ({ projectId, ownerId }: { projectId: string; ownerId: string }) => {
  const group = await db.featureGroup.findFirst({ where: { projectId, name: "transactions", version: 1 } });
  if (!group || (await db.expectationSuite.findUnique({ where: { featureGroupId: group.id } }))) return;
  const { ctx, access } = await actAsOwner({ projectId, ownerId, userAgent: "larder-demo-seed" });
  const ref = { ctx, access, name: "transactions", version: 1 };
  await putSuite({
    ...ref,
    input: {
      policy: "ALWAYS",
      rules: [
        { type: "not_null", feature: "transaction_id", severity: "error" },
        { type: "unique", feature: "transaction_id", scope: "table", severity: "error" },
        {
          type: "between",
          feature: "amount",
          min: 0,
          max: 1500,
          minInclusive: true,
          maxInclusive: true,
          severity: "error",
        },
        { type: "mean_between", feature: "amount", min: 0, max: 150, severity: "error" },
        { type: "in_set", feature: "country", values: COUNTRIES, severity: "error" },
        { type: "in_set", feature: "category", values: CATEGORIES, severity: "error" },
        { type: "null_fraction_between", feature: "is_fraud", max: 0, severity: "error" },
        { type: "row_count_between", min: 1, max: 100_000, severity: "warning" },
        { type: "freshness", feature: "event_time", maxAgeSeconds: 30 * 86_400, severity: "warning" },
      ],
    },
  });
  await runSuiteOnDemand(ref);
};
