import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {
  createDeltaTable,
  fileListLiteral,
  loadSnapshot,
  quoteLiteral,
  withDuckDb,
  writeCommit,
  type TFeatureColumn,
} from "../server/offline";
import { materializeFeatureView } from "../server/feature-views/materialize";
import { starPlan } from "@/test/fixtures/star-plan";

// The training-dataset benchmark: a spine of `spineRows` (entity, time) against three feature groups of
// `groupRows` rows each over `entities` entities (20 features in total), split 80/20 to Parquet, through the
// same materializeFeatureView the job runs — compared with a bare DuckDB ASOF query over the same Parquet
// files in the same run. Tables are written with the offline store directly (writeCommit) to keep setup fast.

export type TTrainingBenchParams = {
  spineRows: number;
  groupRows: number;
  entities: number;
  memoryLimit?: string;
  threads?: number;
};

// Feature counts per group: 7 + 7 + 6 = 20 features, as in the issue.
const FEATURES_PER_GROUP = [7, 7, 6];
// One row per entity per hour: groupRows / entities versions of each entity.
const HOUR = 3600;
const BASE_EPOCH = Date.UTC(2026, 0, 1) / 1000;
// How often the RSS sampler looks: fine enough to catch DuckDB's peak during a multi-second run.
const RSS_SAMPLE_MS = 25;

const groupSchema = (index: number): TFeatureColumn[] => [
  { name: "entity_id", type: "bigint" },
  { name: "event_time", type: "timestamp" },
  ...Array.from({ length: FEATURES_PER_GROUP[index] }, (_, f) => ({
    name: `g${index}_f${f}`,
    type: "double" as const,
  })),
];

const samplePeakRss = () => {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), RSS_SAMPLE_MS);
  return { stop: () => (clearInterval(timer), Math.max(peak, process.memoryUsage().rss)) };
};

export const runTrainingBench = async ({
  spineRows,
  groupRows,
  entities,
  memoryLimit = "1GB",
  threads = 2,
}: TTrainingBenchParams) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), "larder-training-bench-"));
  const duckdb = { memoryLimit, threads };
  try {
    const setupStart = performance.now();
    const hours = Math.max(1, Math.floor(groupRows / entities));
    const tables: string[] = [];
    for (const index of [0, 1, 2]) {
      const tablePath = path.join(dir, `group_${index}`);
      const schema = groupSchema(index);
      await createDeltaTable({ tablePath, schema, primaryKey: ["entity_id"], eventTime: "event_time" });
      const features = schema
        .slice(2)
        .map((column, f) => `CAST(hash(range, ${index * 100 + f}) % 100000 AS DOUBLE) / 100.0 AS ${column.name}`);
      // Each group's clock is offset a little, so as-of matches are not all on the same instant.
      await writeCommit({
        tablePath,
        mode: "append",
        sourceSql: `SELECT range % ${entities} AS entity_id, to_timestamp(${BASE_EPOCH + index * 600} + (range // ${entities}) * ${HOUR}) AS event_time, ${features.join(", ")} FROM range(${groupRows})`,
        duckdb,
      });
      tables.push(tablePath);
    }
    const spineFile = path.join(dir, "spine.parquet");
    await withDuckDb(duckdb, (connection) =>
      connection.run(
        `COPY (SELECT CAST(hash(range, 1) % ${entities} AS BIGINT) AS entity_id, to_timestamp(${BASE_EPOCH} + hash(range, 2) % ${hours * HOUR}) AS label_time FROM range(${spineRows})) TO ${quoteLiteral(spineFile)} (FORMAT parquet)`,
      ),
    );
    const setupSeconds = (performance.now() - setupStart) / 1000;

    const { plan, sources: pinned } = starPlan(
      tables.map((tablePath, index) => ({ tablePath, schema: groupSchema(index) })),
    );

    const idleRss = process.memoryUsage().rss;
    const sampler = samplePeakRss();
    const start = performance.now();
    const result = await materializeFeatureView({
      plan,
      sources: pinned,
      // The spine's time is named apart from the groups' event_time: a dataset keeps every spine column.
      spine: { kind: "file", path: spineFile, format: "parquet", eventTime: "label_time" },
      split: { type: "random", train: 0.8, validation: 0, test: 0.2, seed: 42 },
      format: "parquet",
      outDir: path.join(dir, "dataset"),
      duckdb,
    });
    const endToEndSeconds = (performance.now() - start) / 1000;
    const peakRss = sampler.stop();

    // The bare reference: the same three ASOF joins and the same Parquet output, hand-written.
    const bareStart = performance.now();
    await withDuckDb(duckdb, async (connection) => {
      const files = await Promise.all(
        tables.map(async (tablePath) =>
          (await loadSnapshot({ tablePath, connection })).files.map((f) => path.join(tablePath, f.path)),
        ),
      );
      const joins = [0, 1, 2].map(
        (index) =>
          `ASOF LEFT JOIN read_parquet(${fileListLiteral(files[index])}) AS g${index} ON s.entity_id = g${index}.entity_id AND s.label_time >= g${index}.event_time`,
      );
      const columns = [0, 1, 2].flatMap((index) =>
        groupSchema(index)
          .slice(2)
          .map((c) => `g${index}.${c.name}`),
      );
      await connection.run(
        `COPY (SELECT s.entity_id, s.label_time, ${columns.join(", ")} FROM read_parquet(${quoteLiteral(spineFile)}) AS s ${joins.join(" ")}) TO ${quoteLiteral(path.join(dir, "bare.parquet"))} (FORMAT parquet, COMPRESSION zstd)`,
      );
    });
    const bareSeconds = (performance.now() - bareStart) / 1000;
    const written = await readdir(path.join(dir, "dataset"));

    return {
      params: {
        spineRows,
        groupRows,
        entities,
        features: FEATURES_PER_GROUP.reduce((a, b) => a + b, 0),
        split: "random 80/20",
        format: "parquet",
        duckdb,
      },
      setupSeconds: Number(setupSeconds.toFixed(2)),
      endToEndSeconds: Number(endToEndSeconds.toFixed(2)),
      bareAsofSeconds: Number(bareSeconds.toFixed(2)),
      ratioToBareAsof: Number((endToEndSeconds / bareSeconds).toFixed(2)),
      memory: { idleRssMb: Math.round(idleRss / 2 ** 20), peakRssMb: Math.round(peakRss / 2 ** 20) },
      splits: result.splits.map((s) => ({
        name: s.name,
        rows: s.rowCount,
        megabytes: Number((s.sizeBytes / 2 ** 20).toFixed(1)),
      })),
      files: written.sort(),
      targets: { endToEndSeconds: 15, peakRssMb: 2048, ratioToBareAsof: 1.5 },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};
