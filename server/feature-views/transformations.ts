import "server-only";
import type { TTransformationType } from "@/lib/api/feature-views";
import type { TTransformationStatistics } from "@/lib/api/training-datasets";
import { type DuckDBConnection, queryJsonRows, quoteIdent, quoteLiteral } from "../offline";

// Model-dependent transformations: statistics fitted on the training split only, stored with the dataset,
// and applied identically to every split (and to batch/online data with the same statistics).

// One-hot columns per feature at most; the most frequent categories win (ties by value) so a stray
// high-cardinality column cannot explode the dataset's width.
const MAX_ONE_HOT_CATEGORIES = 100;
// Label-encoder vocabularies are bounded too: beyond this, an integer id is no longer a sensible feature.
const MAX_LABEL_CATEGORIES = 100_000;

export type TTransformation = { feature: string; type: TTransformationType };

/** Runs `work` with DuckDB on one thread (when `enabled`), restoring the previous thread count after. */
const withOneThread = async <T>(connection: DuckDBConnection, enabled: boolean, work: () => Promise<T>): Promise<T> => {
  if (!enabled) return work();
  const [{ threads }] = await queryJsonRows(connection, "SELECT current_setting('threads') AS threads");
  await connection.run("SET threads = 1");
  try {
    return await work();
  } finally {
    await connection.run(`SET threads = ${Number(threads)}`);
  }
};

const numberOrNull = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/** The power of two nearest below |x| (1 for 0): dividing by it is exact, it only shifts the exponent. */
const powerOfTwoBelow = (x: number): number => {
  if (!(x > 0) || !Number.isFinite(x)) return 1;
  let exponent = Math.floor(Math.log2(x));
  // log2 can round across a power of two; settle on the exact one.
  if (2 ** exponent > x) exponent -= 1;
  else if (2 ** (exponent + 1) <= x) exponent += 1;
  return 2 ** Math.max(exponent, -1022);
};

/**
 * Per standard scaler, the power of two that brings its largest |x| into [1, 2). Mean and standard deviation are
 * fitted on x / scale and multiplied back: squares of values near 1e300 overflow (DuckDB then fails the whole job
 * with "STDDEV_POP is out of range"), squares of the scaled values cannot, and because the scale is a power of two
 * every intermediate sum is the unscaled one shifted exactly — the same bits as the plain formulas wherever those
 * do not overflow (or underflow to subnormals). Other transformations get 1.
 */
const standardScales = async ({
  connection,
  rows,
  transformations,
}: {
  connection: DuckDBConnection;
  rows: string;
  transformations: TTransformation[];
}): Promise<number[]> => {
  const scalers = transformations.flatMap((t, index) => (t.type === "standard_scaler" ? [index] : []));
  const scales = transformations.map(() => 1);
  if (!scalers.length) return scales;
  const [row] = await queryJsonRows(
    connection,
    `SELECT ${scalers.map((index) => `max(abs(CAST(${quoteIdent(transformations[index].feature)} AS DOUBLE))) AS m${index}`).join(", ")} FROM ${rows} AS _larder_fit`,
  );
  for (const index of scalers) scales[index] = powerOfTwoBelow(Number(row[`m${index}`] ?? 0));
  return scales;
};

const unscale = (value: number | null, scale: number): number | null => {
  if (value === null) return null;
  const result = value * scale;
  return Number.isFinite(result) ? result : null;
};

/**
 * Fits every transformation over `relation` rows matching `where` (the train split). `orderBy` (a column of
 * `relation`) makes the floating-point sums behind mean and standard deviation add up in one fixed order, on
 * one thread, so re-creating a dataset gives bit-identical statistics.
 */
export const fitTransformations = async ({
  connection,
  relation,
  where,
  transformations,
  orderBy,
}: {
  connection: DuckDBConnection;
  relation: string;
  where: string;
  transformations: TTransformation[];
  orderBy?: string;
}): Promise<TTransformationStatistics> => {
  const statistics: TTransformationStatistics = {};
  const numeric = transformations.filter(
    (t) => t.type === "min_max_scaler" || t.type === "standard_scaler" || t.type === "robust_scaler",
  );
  if (numeric.length) {
    const rows = orderBy
      ? `(SELECT * FROM ${relation} WHERE ${where} ORDER BY ${quoteIdent(orderBy)})`
      : `(SELECT * FROM ${relation} WHERE ${where})`;
    const scales = await standardScales({ connection, rows, transformations: numeric });
    const selects = numeric.flatMap((t, index) => {
      const x = `CAST(${quoteIdent(t.feature)} AS DOUBLE)`;
      if (t.type === "min_max_scaler") return [`min(${x}) AS s${index}_a`, `max(${x}) AS s${index}_b`];
      if (t.type === "standard_scaler") {
        const scaled = `(${x} / ${numberLiteral(scales[index])})`;
        return [`avg(${scaled}) AS s${index}_a`, `stddev_pop(${scaled}) AS s${index}_b`];
      }
      return [
        `quantile_cont(${x}, 0.5) AS s${index}_a`,
        `quantile_cont(${x}, 0.75) - quantile_cont(${x}, 0.25) AS s${index}_b`,
      ];
    });
    const [row] = await withOneThread(connection, !!orderBy, () =>
      queryJsonRows(connection, `SELECT ${selects.join(", ")} FROM ${rows} AS _larder_fit`),
    );
    numeric.forEach((t, index) => {
      const a = numberOrNull(row[`s${index}_a`]);
      const b = numberOrNull(row[`s${index}_b`]);
      if (t.type === "min_max_scaler") statistics[t.feature] = { type: t.type, min: a, max: b };
      else if (t.type === "standard_scaler")
        statistics[t.feature] = { type: t.type, mean: unscale(a, scales[index]), std: unscale(b, scales[index]) };
      else statistics[t.feature] = { type: t.type, median: a, iqr: b };
    });
  }
  for (const t of transformations.filter((t) => t.type === "label_encoder" || t.type === "one_hot_encoder")) {
    const x = quoteIdent(t.feature);
    const limit = t.type === "one_hot_encoder" ? MAX_ONE_HOT_CATEGORIES : MAX_LABEL_CATEGORIES;
    // Vocabulary in a stable order: one-hot keeps the most frequent, both then sort by value.
    const rows = await queryJsonRows(
      connection,
      `SELECT v FROM (SELECT CAST(${x} AS VARCHAR) AS v, count(*) AS n FROM ${relation} WHERE ${where} AND ${x} IS NOT NULL GROUP BY 1 ORDER BY n DESC, v LIMIT ${limit}) ORDER BY v`,
    );
    statistics[t.feature] = { type: t.type, vocabulary: rows.map((r) => String(r.v)) };
  }
  return statistics;
};

const numberLiteral = (value: number | null | undefined): string =>
  value === null || value === undefined || !Number.isFinite(value)
    ? "NULL"
    : `CAST(${JSON.stringify(value)} AS DOUBLE)`;

// A scaled value that is not finite (x − mean overflowing for values near ±1.8e308) is null, as the feature
// server's transform.ts returns it.
const finiteSql = (sql: string) => `(CASE WHEN isfinite(${sql}) THEN ${sql} END)`;

/** SQL select items that output `feature` transformed (one-hot: several columns), using fitted statistics. */
export const transformedColumnSql = ({
  feature,
  statistics,
}: {
  feature: string;
  statistics: TTransformationStatistics[string];
}): { sql: string; name: string }[] => {
  const x = `CAST(${quoteIdent(feature)} AS DOUBLE)`;
  switch (statistics.type) {
    case "min_max_scaler":
      return [
        {
          name: feature,
          sql: finiteSql(
            `(${x} - ${numberLiteral(statistics.min)}) / NULLIF(${numberLiteral(statistics.max)} - ${numberLiteral(statistics.min)}, 0)`,
          ),
        },
      ];
    case "standard_scaler":
      return [
        {
          name: feature,
          sql: finiteSql(`(${x} - ${numberLiteral(statistics.mean)}) / NULLIF(${numberLiteral(statistics.std)}, 0)`),
        },
      ];
    case "robust_scaler":
      return [
        {
          name: feature,
          sql: finiteSql(`(${x} - ${numberLiteral(statistics.median)}) / NULLIF(${numberLiteral(statistics.iqr)}, 0)`),
        },
      ];
    case "label_encoder": {
      // Unknown categories (not seen in training) and nulls encode as null.
      const vocabulary = statistics.vocabulary ?? [];
      if (!vocabulary.length) return [{ name: feature, sql: "CAST(NULL AS INTEGER)" }];
      return [
        {
          name: feature,
          sql: `CAST(list_position([${vocabulary.map(quoteLiteral).join(", ")}], CAST(${quoteIdent(feature)} AS VARCHAR)) - 1 AS INTEGER)`,
        },
      ];
    }
    case "one_hot_encoder":
      return (statistics.vocabulary ?? []).map((value) => ({
        name: `${feature}_${value}`,
        sql: `CAST(coalesce(CAST(${quoteIdent(feature)} AS VARCHAR) = ${quoteLiteral(value)}, FALSE) AS TINYINT)`,
      }));
    default:
      throw new Error(`Unknown transformation ${statistics.type}`);
  }
};
