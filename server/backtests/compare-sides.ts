import "server-only";
import { queryJsonRows, quoteIdent, quoteLiteral, withDuckDb } from "../offline";
import { compareColumn, featureKindOf, readWindowColumns, type TFeatureSpec } from "../monitoring";
import { DEFAULT_BACKTEST_THRESHOLDS, type TBacktestFeature } from "@/lib/api/backtests";
import { MONITOR_METRICS, NUMERIC_ONLY_METRICS, CATEGORICAL_ONLY_METRICS } from "@/lib/api/monitoring";
import { SPINE_TIME_COLUMN, type TSideRows } from "./backtest-rows";
import type { TStoredBacktestReport } from "@/lib/backtest-values";

// The two versions' rows side by side (docs/backtesting.md): which rows and keys one has and the other lacks, and
// the drift of every feature both have (the new version against the old: the baseline is the reference, the
// candidate the detection window), with the monitors' metrics (server/monitoring/metrics.ts) and thresholds.

/** Keys of each side the other lacks, kept as examples in the report. */
const KEY_SAMPLES = 10;
const COMPARE_DUCKDB = { memoryLimit: "1GB", threads: 2 };

const parquet = (file: string) => `read_parquet(${quoteLiteral(file)})`;

/** Rows by key and instant (a multiset: EXCEPT ALL), and distinct keys, only in one side, and in both. */
export const diffRowsAndKeys = async ({
  baseline,
  candidate,
}: {
  baseline: TSideRows;
  candidate: TSideRows;
}): Promise<{
  keyColumns: string[];
  rows: TStoredBacktestReport["rows"];
  keys: TStoredBacktestReport["keys"];
  baselineKeys: number | null;
  candidateKeys: number | null;
}> => {
  // Keys both versions carry, by name (a view that stopped selecting a serving key has none to compare).
  const keyColumns = baseline.keyColumns.filter((name) => candidate.keyColumns.includes(name));
  const keyItems = keyColumns.map((name) => `CAST(${quoteIdent(name)} AS VARCHAR) AS ${quoteIdent(name)}`);
  const identity = [...keyItems, `${quoteIdent(SPINE_TIME_COLUMN)}`].join(", ");
  return withDuckDb(COMPARE_DUCKDB, async (connection) => {
    const count = async (sql: string) =>
      Number((await queryJsonRows(connection, `SELECT count(*) AS n FROM (${sql})`))[0]!.n);
    const b = parquet(baseline.file);
    const c = parquet(candidate.file);
    const rowsOnlyInBaseline = await count(`SELECT ${identity} FROM ${b} EXCEPT ALL SELECT ${identity} FROM ${c}`);
    const rowsOnlyInCandidate = await count(`SELECT ${identity} FROM ${c} EXCEPT ALL SELECT ${identity} FROM ${b}`);
    const rows = {
      onlyInBaseline: rowsOnlyInBaseline,
      onlyInCandidate: rowsOnlyInCandidate,
      inBoth: baseline.rows - rowsOnlyInBaseline,
    };
    const distinct = async (file: string, columns: string[]) =>
      columns.length === 0
        ? null
        : count(`SELECT DISTINCT ${columns.map(quoteIdent).join(", ")} FROM ${parquet(file)}`);
    const baselineKeys = await distinct(baseline.file, baseline.keyColumns);
    const candidateKeys = await distinct(candidate.file, candidate.keyColumns);
    if (keyColumns.length === 0) return { keyColumns, rows, keys: null, baselineKeys, candidateKeys };
    const keys = keyItems.join(", ");
    const only = (from: string, other: string) =>
      `SELECT DISTINCT ${keys} FROM ${from} EXCEPT SELECT DISTINCT ${keys} FROM ${other}`;
    const sample = async (from: string, other: string) =>
      (
        await queryJsonRows(
          connection,
          `SELECT * FROM (${only(from, other)}) ORDER BY ${keyColumns.map(quoteIdent).join(", ")} LIMIT ${KEY_SAMPLES}`,
        )
      ).map((row) =>
        Object.fromEntries(keyColumns.map((name) => [name, row[name] === null ? null : String(row[name])])),
      );
    const onlyInBaseline = await count(only(b, c));
    const onlyInCandidate = await count(only(c, b));
    const baselineDistinct = await count(`SELECT DISTINCT ${keys} FROM ${b}`);
    return {
      keyColumns,
      rows,
      keys: {
        onlyInBaseline,
        onlyInCandidate,
        inBoth: baselineDistinct - onlyInBaseline,
        samples: { onlyInBaseline: await sample(b, c), onlyInCandidate: await sample(c, b) },
      },
      baselineKeys,
      candidateKeys,
    };
  });
};

/** The metrics that apply to a kind of feature, each with its threshold (the request's, else the default). */
const metricsFor = (kind: "numeric" | "categorical", thresholds: Record<string, number>) =>
  MONITOR_METRICS.filter((metric) =>
    kind === "numeric" ? !CATEGORICAL_ONLY_METRICS.includes(metric) : !NUMERIC_ONLY_METRICS.includes(metric),
  ).map((metric) => ({ metric, threshold: thresholds[metric] ?? DEFAULT_BACKTEST_THRESHOLDS[metric] }));

/**
 * Every feature of either version: its types, and for a feature both have with one monitorable kind, each metric
 * of new against old with its threshold, and both histograms over the baseline's bins. Key columns and the row's
 * instant are not features to compare.
 */
export const compareFeatures = async ({
  baseline,
  candidate,
  keyColumns,
  thresholds,
}: {
  baseline: TSideRows;
  candidate: TSideRows;
  keyColumns: string[];
  thresholds: Record<string, number>;
}): Promise<TBacktestFeature[]> => {
  const skip = new Set([...keyColumns, SPINE_TIME_COLUMN]);
  const baselineTypes = new Map(baseline.features.map((feature) => [feature.name, feature.type]));
  const candidateTypes = new Map(candidate.features.map((feature) => [feature.name, feature.type]));
  const names = [...new Set([...candidate.features, ...baseline.features].map((feature) => feature.name))].filter(
    (name) => !skip.has(name),
  );
  const compared: TFeatureSpec[] = [];
  const features = names.map((name): TBacktestFeature => {
    const baselineType = baselineTypes.get(name) ?? null;
    const candidateType = candidateTypes.get(name) ?? null;
    const base = { name, baselineType, candidateType, drift: null };
    if (baselineType === null) return { ...base, status: "onlyInCandidate" };
    if (candidateType === null) return { ...base, status: "onlyInBaseline" };
    const kind = featureKindOf(baselineType);
    if (!kind) return { ...base, status: "notComparable" };
    if (featureKindOf(candidateType) !== kind) return { ...base, status: "kindChanged" };
    compared.push({ name, kind });
    return { ...base, status: "compared" };
  });
  if (compared.length === 0) return features;
  const { reference, detection } = await withDuckDb(COMPARE_DUCKDB, async (connection) => ({
    reference: await readWindowColumns(connection, parquet(baseline.file), compared),
    detection: await readWindowColumns(connection, parquet(candidate.file), compared),
  }));
  return features.map((feature) => {
    const spec = compared.find((candidateSpec) => candidateSpec.name === feature.name);
    if (!spec) return feature;
    const metrics = metricsFor(spec.kind, thresholds);
    const result = compareColumn({
      name: feature.name,
      metrics: metrics.map((metric) => metric.metric),
      detection,
      reference,
    });
    return {
      ...feature,
      drift: {
        kind: result.kind,
        baseline: result.reference,
        candidate: result.detection,
        metrics: metrics.map(({ metric, threshold }) => {
          const value = result.values[metric] ?? null;
          return { metric, threshold, value, breached: threshold !== null && value !== null && value > threshold };
        }),
        histogram: result.histogram,
      },
    };
  });
};
