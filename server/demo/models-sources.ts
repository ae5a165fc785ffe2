import { db } from "../db/client";
import { putLineageParents } from "../lineage";
import { getDatabaseUrl } from "../env";
import { createModel } from "../models";
import { updateFeatureGroup } from "../registry/feature-group-schema";
import { createDataSource, createFeatureGroupFromSource } from "../sources";
import { actAsOwner } from "./owner-actor";

// The demo's both ends of lineage and a definition history (docs/models.md, docs/data-sources.md, docs/history.md):
// card_profiles' definition edited twice (its History tab diffs them), a fraud model registered on fraud_model's
// training dataset, and a PostgreSQL data source (a query on the demo's own database, its password encrypted) that
// fills the merchant_risk feature group by a watermark. merchant_aggregates is declared derived from merchant_risk as
// well as from transactions (its aggregation reads the risk team's scores), so fraud_detector's lineage runs from the
// data source to the model on first start: merchant_risk_db → merchant_risk → merchant_aggregates → fraud_model (view
// and training dataset) → fraud_detector.

const RISK_QUERY = `SELECT m::bigint AS merchant_id,
       round(((m * 37) % 100) / 100.0, 2)::float8 AS risk_score,
       (m % 5 = 0) AS is_watchlisted,
       TIMESTAMPTZ '2026-11-01 00:00:00+00' + m * INTERVAL '1 hour' AS updated_at
  FROM generate_series(1, 500) AS m`;

export const seedDemoModelsAndSources = async ({ projectId, ownerId }: { projectId: string; ownerId: string }) => {
  if (await db.model.findFirst({ where: { projectId } })) return;
  const { ctx, access } = await actAsOwner({ projectId, ownerId, userAgent: "larder demo seed" });

  await updateFeatureGroup({
    ctx,
    access,
    name: "card_profiles",
    version: 1,
    input: { description: "One row per payment card: account facts that change slowly (limit, tier, age, country)." },
  });
  await updateFeatureGroup({
    ctx,
    access,
    name: "card_profiles",
    version: 1,
    input: {
      features: [
        { name: "credit_limit", description: "Credit limit in EUR, as set by the issuer" },
        { name: "home_country", description: "ISO 3166 country of the card holder's address" },
      ],
    },
  });

  await createModel({
    ctx,
    access,
    input: {
      name: "fraud_detector",
      description: "Gradient-boosted trees scoring each transaction's fraud risk.",
      framework: "xgboost",
      metrics: { auc: 0.934, precision: 0.81, recall: 0.74, "recall@1pct_fpr": 0.62 },
      trainingDatasets: [{ name: "fraud_model", version: 1 }],
    },
  });

  // The demo's own database stands in for an external one; a failure here leaves the rest of the demo intact.
  try {
    const url = new URL(getDatabaseUrl());
    await createDataSource({
      ctx,
      access,
      input: {
        name: "merchant_risk_db",
        description: "The risk team's merchant scores (a query; updated_at grows with each rescoring)",
        kind: "postgres",
        connection: {
          host: url.hostname,
          port: Number(url.port || 5432),
          database: url.pathname.slice(1),
          user: decodeURIComponent(url.username),
          password: decodeURIComponent(url.password),
        },
        query: RISK_QUERY,
      },
    });
    await createFeatureGroupFromSource({
      ctx,
      access,
      name: "merchant_risk_db",
      input: {
        name: "merchant_risk",
        primaryKey: ["merchant_id"],
        eventTime: "updated_at",
        watermarkColumn: "updated_at",
        description: "Merchant risk scores, ingested from the risk team's database",
      },
    });
    await putLineageParents({
      ctx,
      access,
      name: "merchant_aggregates",
      version: 1,
      body: {
        parents: [
          { name: "transactions", version: 1 },
          { name: "merchant_risk", version: 1 },
        ],
      },
    });
  } catch (error) {
    console.warn(`[larder] demo: the data source could not be created (${(error as Error).message})`);
  }
};
