import { db } from "../db/client";
import { createFeatureGroup } from "../registry/feature-groups";
import { putSuite } from "../validation";
import { runBacktest } from "../backtests/run-backtest";
import { loadDemoCommit } from "./feature-groups";
import { actAsOwner } from "./owner-actor";

// The demo's backtest (docs/backtesting.md): merchant_aggregates v2 — averages without refunds (a little lower),
// merchants whose accounts closed dropped, ten newly onboarded ones added, a refund rate, and a suite of its own —
// backtested against v1 over the first 20 days of the demo's history, so its Backtests tab opens on a report with
// key differences, drift and both suites' results on first start.

const DAY_MS = 86_400_000;
const MERCHANTS = 500;
const NEW_MERCHANTS = 10;
const CATEGORIES = "['grocery','electronics','travel','restaurants','fuel','fashion','gaming','pharmacy']";

export const seedDemoBacktests = async ({ projectId, ownerId }: { projectId: string; ownerId: string }) => {
  const v1 = await db.featureGroup.findFirst({ where: { projectId, name: "merchant_aggregates", version: 1 } });
  if (!v1 || (await db.featureGroup.findFirst({ where: { projectId, name: "merchant_aggregates", version: 2 } })))
    return;
  const { ctx, access } = await actAsOwner({ projectId, ownerId, userAgent: "larder-demo-seed" });
  const features = await db.feature.findMany({ where: { featureGroupId: v1.id }, orderBy: { position: "asc" } });
  const v2 = await createFeatureGroup({
    ctx,
    access,
    input: {
      name: "merchant_aggregates",
      version: 2,
      description:
        "Daily rolling aggregates per merchant, v2: averages exclude refunds, closed merchants are dropped, refund rate added.",
      primaryKey: ["merchant_id"],
      eventTime: "window_end",
      onlineEnabled: false,
      features: [
        ...features.map((feature) => ({
          name: feature.name,
          type: feature.type as "bigint",
          description: feature.description,
        })),
        { name: "refund_rate_30d", type: "double", description: "Share of transactions refunded over 30 days" },
      ],
    },
  });
  // The demo's clock (server/demo/feature-groups.ts): windows from the start date, 35 days before seeding.
  const start = new Date(new Date(v1.createdAt.getTime() - 35 * DAY_MS).toISOString().slice(0, 10));
  const startSql = start.toISOString().slice(0, 19).replace("T", " ");
  await loadDemoCommit({
    projectId,
    ownerId,
    featureGroup: v2,
    groupName: "merchant_aggregates",
    commit: {
      label: "days 1–30 recomputed (v2)",
      sql: `SELECT m AS merchant_id, ${CATEGORIES}[1 + (hash(m) % 8)::INT] AS category, (5 + random() * 200)::INT AS txn_count_7d, round(CASE WHEN d >= 20 THEN 80 + random() * 360 ELSE 9 + random() * 216 END, 2) AS avg_amount_7d, round(CASE WHEN hash(m) % 25 = 0 THEN 0.05 + random() * 0.1 ELSE random() * 0.01 END, 4) AS fraud_rate_30d, TIMESTAMP '${startSql}' + INTERVAL (d) DAY AS window_end, round(random() * 0.04, 4) AS refund_rate_30d FROM range(1, ${MERCHANTS + NEW_MERCHANTS + 1}) a(m), range(0, 30) b(d) WHERE m % 50 <> 0`,
    },
  });
  await putSuite({
    ctx,
    access,
    name: "merchant_aggregates",
    version: 2,
    input: {
      policy: "ALWAYS",
      rules: [
        { type: "not_null", feature: "merchant_id", severity: "error" },
        {
          type: "between",
          feature: "avg_amount_7d",
          min: 0,
          max: 500,
          minInclusive: true,
          maxInclusive: true,
          severity: "error",
        },
        {
          type: "between",
          feature: "refund_rate_30d",
          min: 0,
          max: 0.05,
          minInclusive: true,
          maxInclusive: true,
          severity: "warning",
        },
      ],
    },
  });
  const v2Row = await db.featureGroup.findUniqueOrThrow({ where: { id: v2.id } });
  await runBacktest({
    projectId,
    payload: {
      featureGroupId: v2Row.id,
      baselineFeatureGroupId: v1.id,
      start: start.toISOString(),
      end: new Date(start.getTime() + 20 * DAY_MS).toISOString(),
    },
    job: null,
    createdById: ownerId,
  });
};
