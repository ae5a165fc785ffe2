import type { TCreateFeatureView } from "@/lib/api/feature-views";
import { db } from "@/server/db/client";
import { createApiKey } from "@/server/auth/api-keys";
import { createFeatureView, createTrainingDataset, runTrainingDataset } from "@/server/featureviews";
import { writeCommit } from "@/server/offline";
import { materializeFeatureGroup } from "@/server/online/materialize";
import { setOnlineStore, type TOnlineStore } from "@/server/online";
import { createFeatureGroup } from "@/server/registry/feature-groups";
import { accessFor, createTestProject, createTestUser, userContext } from "@/test/helpers";

// A small feature store for the serving tests: customers (root, TTL 30 days) joined with accounts on the serving
// key (same stage) and regions through accounts.region_id (a snowflake: a second stage), with transformations
// and on-demand features; a training dataset over it; everything materialized into the given online store.

export const DAY = 86_400_000;
export const TTL_DAYS = 30;

const sql = (ms: number) => `TIMESTAMPTZ '${new Date(ms).toISOString()}'`;

export const RISK_VIEW: TCreateFeatureView = {
  name: "risk",
  root: { featureGroup: { name: "customers", version: 1 } },
  joins: [
    { featureGroup: { name: "accounts", version: 1 } },
    { featureGroup: { name: "regions", version: 1 }, left: "accounts", prefix: "region_" },
  ],
  labels: ["churned"],
  transformations: [
    { feature: "balance", type: "standard_scaler" },
    { feature: "segment", type: "one_hot_encoder" },
    { feature: "age", type: "min_max_scaler" },
    { feature: "region_id", type: "label_encoder" },
  ],
  onDemandFeatures: [
    { name: "balance_per_age", expression: "balance / age" },
    { name: "hour", expression: "hour_of_day(updated_at)" },
  ],
};

export const setUpServingFixture = async ({ store, now = Date.now() }: { store: TOnlineStore; now?: number }) => {
  setOnlineStore(store);
  const owner = await createTestUser();
  const viewer = await createTestUser();
  const project = await createTestProject({
    members: [
      { userId: owner.id, role: "OWNER" },
      { userId: viewer.id, role: "AUDITOR" },
    ],
  });
  const ctx = userContext(owner);
  const access = accessFor(project, "OWNER");
  const group = (input: Parameters<typeof createFeatureGroup>[0]["input"]) =>
    createFeatureGroup({ ctx, access, input: { onlineEnabled: true, ...input } });
  await group({
    name: "customers",
    primaryKey: ["customer_id"],
    eventTime: "updated_at",
    ttlSeconds: TTL_DAYS * 86_400,
    features: [
      { name: "customer_id", type: "bigint" },
      { name: "age", type: "int" },
      { name: "segment", type: "string" },
      { name: "balance", type: "double" },
      { name: "churned", type: "boolean" },
      { name: "updated_at", type: "timestamp" },
    ],
  });
  await group({
    name: "accounts",
    primaryKey: ["customer_id"],
    eventTime: "as_of",
    features: [
      { name: "customer_id", type: "bigint" },
      { name: "score", type: "double" },
      { name: "region_id", type: "string" },
      { name: "as_of", type: "timestamp" },
    ],
  });
  await group({
    name: "regions",
    primaryKey: ["region_id"],
    eventTime: "as_of",
    features: [
      { name: "region_id", type: "string" },
      { name: "risk", type: "double" },
      { name: "as_of", type: "timestamp" },
    ],
  });
  await group({
    name: "profiles",
    onlineEnabled: false,
    primaryKey: ["customer_id"],
    eventTime: "as_of",
    features: [
      { name: "customer_id", type: "bigint" },
      { name: "tier", type: "string" },
      { name: "as_of", type: "timestamp" },
    ],
  });

  const commit = async (name: string, values: string[], columns: string) => {
    const row = await db.featureGroup.findFirstOrThrow({ where: { projectId: project.id, name } });
    const written = await writeCommit({
      tablePath: row.tablePath,
      mode: "upsert",
      sourceSql: `SELECT * FROM (VALUES ${values.join(", ")}) v(${columns})`,
    });
    await db.featureGroup.update({ where: { id: row.id }, data: { deltaVersion: written.version } });
  };
  // Customers 1..6 ten days ago; customer 1 again two days ago (its latest row, a training row at that time).
  const customers = [1, 2, 3, 4, 5, 6].map(
    (c) =>
      `(${c}, ${20 + c}, '${["a", "b", "c"][c % 3]}', ${100.0 * c}, ${c % 2 === 0}, ${sql(now - 10 * DAY + c * 1000)})`,
  );
  customers.push(`(1, 31, 'b', 150.5, false, ${sql(now - 2 * DAY + 123)})`);
  await commit("customers", customers, "customer_id, age, segment, balance, churned, updated_at");
  await commit(
    "accounts",
    [1, 2, 3, 4, 5, 6].map((c) => `(${c}, ${c * 0.5}, 'r${c % 2}', ${sql(now - 20 * DAY)})`),
    "customer_id, score, region_id, as_of",
  );
  await commit(
    "regions",
    [`('r0', 0.2, ${sql(now - 30 * DAY)})`, `('r1', 0.7, ${sql(now - 30 * DAY)})`],
    "region_id, risk, as_of",
  );
  await commit("profiles", [`(1, 'gold', ${sql(now - DAY)})`], "customer_id, tier, as_of");

  await createFeatureView({ ctx, access, input: RISK_VIEW });
  await createFeatureView({
    ctx,
    access,
    input: {
      name: "boost",
      root: { featureGroup: { name: "customers", version: 1 }, features: ["customer_id", "balance"] },
      requestParameters: [{ name: "multiplier", type: "double" }],
      onDemandFeatures: [{ name: "boosted", expression: "balance * request.multiplier" }],
    },
  });
  await createFeatureView({
    ctx,
    access,
    input: {
      name: "with_profiles",
      root: { featureGroup: { name: "customers", version: 1 } },
      joins: [{ featureGroup: { name: "profiles", version: 1 } }],
    },
  });
  const { trainingDataset } = await createTrainingDataset({
    ctx,
    access,
    featureViewName: "risk",
    featureViewVersion: "1",
    enqueue: false,
    input: {
      name: "risk",
      spine: {
        type: "timeRange",
        start: new Date(now - 15 * DAY).toISOString(),
        end: new Date(now - 3_600_000).toISOString(),
      },
      split: { type: "none" },
      format: "parquet",
    },
  });
  await runTrainingDataset({ projectId: project.id, trainingDatasetId: trainingDataset.id });
  for (const name of ["customers", "accounts", "regions"]) {
    const row = await db.featureGroup.findFirstOrThrow({
      where: { projectId: project.id, name },
      include: { features: { orderBy: { position: "asc" } } },
    });
    await materializeFeatureGroup({ featureGroup: row, jobId: `serving-test-${name}` });
  }
  const { secret: apiKey, apiKey: key } = await createApiKey({
    ctx,
    access,
    name: "serving",
    scopes: ["featureData:read"],
  });
  const { secret: metadataOnlyKey } = await createApiKey({
    ctx,
    access,
    name: "metadata",
    scopes: ["featureGroups:read"],
  });
  return { owner, viewer, project, ctx, access, apiKey, apiKeyId: key.id, metadataOnlyKey, trainingDataset };
};

export const createOtherProjectKey = async () => {
  const user = await createTestUser();
  const project = await createTestProject({ members: [{ userId: user.id, role: "OWNER" }] });
  const { secret } = await createApiKey({
    ctx: userContext(user),
    access: accessFor(project, "OWNER"),
    name: "other",
    scopes: ["featureData:read"],
  });
  return { project, apiKey: secret };
};
