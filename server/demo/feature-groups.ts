import { mkdir } from "node:fs/promises";
import path from "node:path";
import { db } from "../db/client";
import { newId } from "../ids";
import { quoteLiteral, withDuckDb } from "../offline";
import { createFeatureGroup } from "../registry/feature-groups";
import { runIngest } from "../ingest/run-ingest";
import { discardUploadFile, uploadDir } from "../ingest/uploads";
import type { TCreateFeatureGroup } from "@/lib/api/feature-groups";
import { actAsOwner } from "./owner-actor";

// A seeded synthetic card-fraud system: card profiles, merchant aggregates and labelled transactions, each
// loaded in several commits (initial load, updates, later windows) so time travel has history to show.
const CARDS = 5_000;
const MERCHANTS = 500;
const TRANSACTIONS_PER_COMMIT = 20_000;
const DAY_MS = 86_400_000;
// Deterministic data: the same demo on every machine.
const SEED = 0.42;

export type TDemoCommit = { label: string; sql: string };
export type TDemoGroup = { spec: TCreateFeatureGroup; commits: TDemoCommit[] };

const CATEGORIES = "['grocery','electronics','travel','restaurants','fuel','fashion','gaming','pharmacy']";
const COUNTRIES = "['US','GB','DE','FR','NL','ES','IT','CA']";

/** One version of card profiles: every `step`-th card, with limits in [limitFrom, limitFrom + limitSpread). */
const cardProfilesSql = ({
  start,
  step,
  limitFrom,
  limitSpread,
  ageFrom,
  premium,
  offsetDays,
}: {
  start: string;
  step: number;
  limitFrom: number;
  limitSpread: number;
  ageFrom: number;
  premium: string;
  offsetDays: number;
}) =>
  `SELECT i AS card_id, 100000 + i // 2 AS account_id, ['visa','mastercard','amex'][1 + (hash(i) % 3)::INT] AS card_type, round(${limitFrom} + random() * ${limitSpread}, 0) AS credit_limit, (${ageFrom} + random() * 3000)::INT AS account_age_days, ${COUNTRIES}[1 + (hash(i * 7) % 8)::INT] AS home_country, ${premium} AS is_premium, TIMESTAMP '${start}' + INTERVAL ${offsetDays} DAY AS updated_at FROM range(1, ${CARDS + 1}, ${step}) t(i)`;

const groups = (start: string): TDemoGroup[] => [
  {
    spec: {
      name: "card_profiles",
      description: "One row per payment card: account facts that change slowly (limit, tier, age).",
      primaryKey: ["card_id"],
      eventTime: "updated_at",
      onlineEnabled: true,
      features: [
        { name: "card_id", type: "bigint", description: "Card identifier (entity key)" },
        { name: "account_id", type: "bigint", description: "Account holding the card" },
        { name: "card_type", type: "string", description: "Network: visa, mastercard or amex" },
        { name: "credit_limit", type: "double", description: "Credit limit in EUR" },
        { name: "account_age_days", type: "int", description: "Days since the account was opened" },
        { name: "home_country", type: "string", description: "ISO country of the card holder" },
        { name: "is_premium", type: "boolean", description: "Premium tier card" },
        { name: "updated_at", type: "timestamp", description: "When this profile version took effect" },
      ],
    },
    commits: [
      {
        label: "initial load",
        sql: cardProfilesSql({
          start,
          step: 1,
          limitFrom: 500,
          limitSpread: 9500,
          ageFrom: 30,
          premium: "random() < 0.15",
          offsetDays: 0,
        }),
      },
      {
        label: "credit limit review",
        sql: cardProfilesSql({
          start,
          step: 10,
          limitFrom: 1000,
          limitSpread: 14000,
          ageFrom: 45,
          premium: "random() < 0.25",
          offsetDays: 15,
        }),
      },
      // Same keys and event time as the review: an upsert that updates rows in place.
      {
        label: "limit corrections",
        sql: cardProfilesSql({
          start,
          step: 100,
          limitFrom: 2000,
          limitSpread: 8000,
          ageFrom: 45,
          premium: "true",
          offsetDays: 15,
        }),
      },
    ],
  },
  {
    spec: {
      name: "merchant_aggregates",
      description: "Daily rolling aggregates per merchant, computed from settled transactions.",
      primaryKey: ["merchant_id"],
      eventTime: "window_end",
      onlineEnabled: true,
      features: [
        { name: "merchant_id", type: "bigint", description: "Merchant identifier (entity key)" },
        { name: "category", type: "string", description: "Merchant category" },
        { name: "txn_count_7d", type: "int", description: "Transactions in the 7 days before window_end" },
        { name: "avg_amount_7d", type: "double", description: "Mean amount (EUR) over 7 days" },
        { name: "fraud_rate_30d", type: "double", description: "Share of transactions reported as fraud over 30 days" },
        { name: "window_end", type: "timestamp", description: "End of the aggregation window" },
      ],
    },
    // Prices rise in the last window: its avg_amount_7d drifts (the demo's drift monitor alerts on it).
    commits: [0, 10, 20].map((offset) => ({
      label: `days ${offset + 1}–${offset + 10}${offset === 20 ? " (prices up)" : ""}`,
      sql: `SELECT m AS merchant_id, ${CATEGORIES}[1 + (hash(m) % 8)::INT] AS category, (5 + random() * 200)::INT AS txn_count_7d, round(${offset === 20 ? "90 + random() * 400" : "10 + random() * 240"}, 2) AS avg_amount_7d, round(CASE WHEN hash(m) % 25 = 0 THEN 0.05 + random() * 0.1 ELSE random() * 0.01 END, 4) AS fraud_rate_30d, TIMESTAMP '${start}' + INTERVAL (d) DAY AS window_end FROM range(1, ${MERCHANTS + 1}) a(m), range(${offset}, ${offset + 10}) b(d)`,
    })),
  },
  {
    spec: {
      name: "transactions",
      description: "Card transactions with the fraud label (is_fraud) reported by chargebacks.",
      primaryKey: ["transaction_id"],
      eventTime: "event_time",
      // Online too, so the fraud feature view (rooted here) serves vectors by transaction_id.
      onlineEnabled: true,
      features: [
        { name: "transaction_id", type: "bigint", description: "Transaction identifier" },
        { name: "card_id", type: "bigint", description: "Card used (joins card_profiles)" },
        { name: "merchant_id", type: "bigint", description: "Merchant paid (joins merchant_aggregates)" },
        { name: "amount", type: "double", description: "Amount in EUR" },
        { name: "category", type: "string", description: "Merchant category at the time" },
        { name: "latitude", type: "double", description: "Where the card was used" },
        { name: "longitude", type: "double", description: "Where the card was used" },
        { name: "country", type: "string", description: "ISO country of the merchant" },
        { name: "event_time", type: "timestamp", description: "When the transaction happened" },
        { name: "is_fraud", type: "boolean", description: "Label: confirmed fraud" },
      ],
    },
    commits: [0, 1, 2].map((chunk) => ({
      label: `days ${chunk * 10 + 1}–${chunk * 10 + 10}`,
      sql: `SELECT ${chunk * TRANSACTIONS_PER_COMMIT} + i AS transaction_id, 1 + (hash(i * 31 + ${chunk}) % ${CARDS})::BIGINT AS card_id, 1 + (hash(i * 17 + ${chunk}) % ${MERCHANTS})::BIGINT AS merchant_id, round(CASE WHEN random() < 0.03 THEN 300 + random() * 2000 ELSE 2 + random() * 150 END, 2) AS amount, ${CATEGORIES}[1 + (hash(i * 17 + ${chunk}) % 8)::INT] AS category, round(35 + random() * 20, 4) AS latitude, round(-10 + random() * 30, 4) AS longitude, ${COUNTRIES}[1 + (hash(i * 13) % 8)::INT] AS country, TIMESTAMP '${start}' + INTERVAL (${chunk * 10 * DAY_MS} + (i * ${(10 * DAY_MS) / TRANSACTIONS_PER_COMMIT})::BIGINT) MILLISECOND AS event_time, random() < 0.012 AS is_fraud FROM range(1, ${TRANSACTIONS_PER_COMMIT + 1}) t(i)`,
    })),
  },
];

/**
 * Loads one commit into a demo feature group as the ingest job does — an upload, a job run here, its log line — so the
 * commit is recorded (registry, statistics, audit) and shows as a finished ingest job.
 */
export const loadDemoCommit = async ({
  projectId,
  ownerId,
  featureGroup,
  groupName,
  commit,
}: {
  projectId: string;
  ownerId: string;
  featureGroup: { id: string };
  groupName: string;
  commit: TDemoCommit;
}) => {
  const uploadId = newId("upl");
  const dir = uploadDir({ projectId, uploadId });
  await mkdir(dir, { recursive: true });
  const filePath = path.join(dir, "data.parquet");
  await withDuckDb({ memoryLimit: "512MB", threads: 2 }, async (connection) => {
    await connection.run(`SELECT setseed(${SEED})`);
    await connection.run(`COPY (${commit.sql}) TO ${quoteLiteral(filePath)} (FORMAT parquet)`);
  });
  await db.upload.create({
    data: {
      id: uploadId,
      projectId,
      fileName: `${groupName}-${commit.label.replaceAll(/\W+/g, "-")}.parquet`,
      format: "parquet",
      sizeBytes: BigInt(0),
      path: filePath,
      createdById: ownerId,
    },
  });
  const jobId = newId("job");
  const startedAt = new Date();
  await db.job.create({
    data: {
      id: jobId,
      projectId,
      type: "ingest",
      status: "RUNNING",
      payload: { featureGroupId: featureGroup.id, uploadId, mode: "upsert" },
      featureGroupId: featureGroup.id,
      createdById: ownerId,
      attempts: 1,
      startedAt,
    },
  });
  const result = await runIngest({
    jobId,
    projectId,
    featureGroupId: featureGroup.id,
    uploadId,
    mode: "upsert",
    userId: ownerId,
  });
  await db.job.update({
    where: { id: jobId },
    data: {
      status: "SUCCEEDED",
      progress: 1,
      rowsProcessed: BigInt(result.rowsInserted + result.rowsUpdated),
      finishedAt: new Date(),
      result: { ...result, demo: commit.label },
    },
  });
  // As the ingest runner's afterDone: the upload goes once the job is recorded done.
  await discardUploadFile({ projectId, uploadId });
  await db.jobLog.create({
    data: {
      jobId,
      level: "info",
      message: `demo ${commit.label}: commit ${result.version}, ${result.rowsInserted} inserted, ${result.rowsUpdated} updated`,
    },
  });
};

/** Creates the demo feature groups and loads their commits, recording each load as a finished ingest job. */
export const seedDemoFeatureGroups = async ({
  projectId,
  ownerId,
  only = groups,
}: {
  projectId: string;
  ownerId: string;
  /** The groups to seed, from the demo's start date (default: the fraud project's). */
  only?: (start: string) => TDemoGroup[];
}) => {
  const { ctx, access } = await actAsOwner({ projectId, ownerId, userAgent: "larder-demo-seed" });
  const start = new Date(Date.now() - 35 * DAY_MS).toISOString().slice(0, 10);
  for (const group of only(start)) {
    if (await db.featureGroup.findFirst({ where: { projectId, name: group.spec.name } })) continue;
    const featureGroup = await createFeatureGroup({ ctx, access, input: { ...group.spec, version: 1 } });
    for (const commit of group.commits)
      await loadDemoCommit({ projectId, ownerId, featureGroup, groupName: group.spec.name, commit });
  }
};
