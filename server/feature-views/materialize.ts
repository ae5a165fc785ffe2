import "server-only";
import { randomUUID } from "node:crypto";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { TFilter } from "@/lib/api/feature-views";
import { featureValue } from "@/lib/feature-values";
import type { TSplit, TTransformationStatistics } from "@/lib/api/training-datasets";
import {
  type DuckDBConnection,
  type TDuckDbSettings,
  featureTypeToDuckDb,
  queryJsonRows,
  quoteIdent,
  quoteLiteral,
  readTable,
  utcTimestampSql,
  withDuckDb,
} from "../offline";
import { registerOnDemandFunctions } from "./expression/duckdb-function";
import { ROW_COLUMN, TIME_COLUMN, type TEventTimeType, withPitJoin } from "./pit-join";
import type { TFeatureViewPlan } from "./plan";
import { checkSpineColumnNames, SpineError, spineOutputSql } from "./spine-columns";
import { buildFeatureViewSql, missingRequestColumns, SPLIT_COLUMN, splitNames, type TSpineInput } from "./training-sql";
import { fitTransformations, transformedColumnSql } from "./transformations";

// Runs a feature view over a spine into files: one query for the joined rows (materialized once into a
// temp table), transformation statistics fitted on the train split, then one COPY per split. Files are
// written into a sibling temp directory and renamed into place, so a failure leaves no partial dataset.

/** `where`: rows of the pinned version to leave out (an erasure re-creating a dataset without erased keys). */
export type TPinnedSource = { tablePath: string; version: number; where?: string };
export type TSpineSource =
  | { kind: "root"; start?: string; end?: string }
  | { kind: "file"; path: string; format: "csv" | "parquet" | "jsonl"; eventTime: string }
  | { kind: "table"; tablePath: string; version: number; eventTime: string; orderBy: string[]; where?: string }
  | { kind: "sql"; sql: string; eventTime: string };

export { SpineError };

export type TMaterializeResult = {
  splits: { name: string; rowCount: number; sizeBytes: number; path: string }[];
  statistics: TTransformationStatistics;
  columns: { name: string; type: string }[];
  rowCount: number;
};

const readFileSql = (file: { path: string; format: string }) =>
  file.format === "parquet"
    ? `read_parquet(${quoteLiteral(file.path)})`
    : file.format === "csv"
      ? `read_csv(${quoteLiteral(file.path)}, header = true)`
      : `read_json(${quoteLiteral(file.path)}, format = 'newline_delimited')`;

const eventTimeTypeOf = (duckType: string): TEventTimeType | null => {
  if (duckType.startsWith("TIMESTAMP") || duckType === "VARCHAR") return "timestamp";
  if (duckType === "DATE") return "date";
  if (["BIGINT", "INTEGER", "HUGEINT", "UBIGINT", "UINTEGER"].includes(duckType)) return "bigint";
  return null;
};

const SPINE_TABLE = "_larder_spine";
/**
 * Text and zoned event times become UTC instants by the same rule as ingest (utcTimestampSql): an offset is applied,
 * ISO text and epoch milliseconds may mix. A value that rule refuses is a 422 naming its first rows.
 */
const normalizeSpineTimestamps = async ({
  connection,
  column,
  sourceType,
}: {
  connection: DuckDBConnection;
  column: string;
  sourceType: string;
}) => {
  const instant = utcTimestampSql({ column: quoteIdent(column), sourceType });
  const bad = await queryJsonRows(
    connection,
    `SELECT rowid + 1 AS row_number, CAST(${quoteIdent(column)} AS VARCHAR) AS value FROM _larder_spine WHERE ${quoteIdent(column)} IS NOT NULL AND ${instant} IS NULL ORDER BY rowid LIMIT 5`,
  );
  if (bad.length)
    throw new SpineError(
      `The spine's event-time column '${column}' has values that are not timestamps in years 0001–9999 (rows ${bad.map((row) => `${row.row_number}: ${featureValue(JSON.stringify(String(row.value).slice(0, 40)))}`).join(", ")})`,
      "spine.eventTime",
    );
  await connection.run(
    `CREATE OR REPLACE TEMP TABLE _larder_spine AS SELECT * REPLACE (${instant} AS ${quoteIdent(column)}) FROM _larder_spine ORDER BY rowid`,
  );
};

/** Stages a supplied spine as a temp table and checks it has the serving keys and the event time (422-worthy). */
export const stageSpine = async ({
  connection,
  plan,
  spine,
}: {
  connection: DuckDBConnection;
  plan: TFeatureViewPlan;
  spine: Exclude<TSpineSource, { kind: "root" }>;
}): Promise<TSpineInput> => {
  let source: string;
  if (spine.kind === "file") source = `SELECT * FROM ${readFileSql(spine)}`;
  else if (spine.kind === "sql") source = spine.sql;
  else {
    const relation = await readTable({
      tablePath: spine.tablePath,
      asOf: { version: spine.version },
      where: spine.where,
      connection,
    });
    source = `SELECT * FROM ${relation.sql} AS t ORDER BY ${spine.orderBy.map(quoteIdent).join(", ")}`;
  }
  // Insertion order is preserved, so rowid numbers the spine's rows in file (or key) order.
  await connection.run(`CREATE OR REPLACE TEMP TABLE ${SPINE_TABLE} AS ${source}`);
  const described = await queryJsonRows(connection, `DESCRIBE ${SPINE_TABLE}`);
  const types = new Map(described.map((row) => [String(row.column_name), String(row.column_type)]));
  // An uploaded spine's columns all go into the dataset (spine-columns.ts): their names must not collide.
  if (spine.kind === "file") checkSpineColumnNames({ plan, columns: described.map((row) => String(row.column_name)) });
  const missing = plan.servingKeys.map((key) => key.name).filter((name) => !types.has(name));
  if (missing.length)
    throw new SpineError(
      `The spine lacks the serving key column(s) ${missing.map((m) => `'${m}'`).join(", ")}`,
      "spine",
    );
  const eventType = types.get(spine.eventTime);
  if (!eventType) throw new SpineError(`The spine has no event-time column '${spine.eventTime}'`, "spine.eventTime");
  const timeType = eventTimeTypeOf(eventType);
  if (!timeType)
    throw new SpineError(
      `The spine's event-time column '${spine.eventTime}' is a ${eventType}, not a timestamp, date or epoch-milliseconds integer`,
      "spine.eventTime",
    );
  // Text is read by the ingest rule (offsets applied, ISO and epoch ms mixed). A zoned column already holds instants
  // and keeps its type: the dataset carries every spine column as the spine declared it (spine-columns.ts).
  if (eventType === "VARCHAR")
    await normalizeSpineTimestamps({ connection, column: spine.eventTime, sourceType: eventType });
  const missingRequests = missingRequestColumns({ plan, spineColumns: [...types.keys()] });
  if (missingRequests.length)
    throw new SpineError(
      `The spine lacks the request parameter column(s) ${missingRequests.map((m) => `'${m}'`).join(", ")} that on-demand features read`,
      "spine",
    );
  return {
    kind: "relation",
    relationSql: SPINE_TABLE,
    eventTime: { column: spine.eventTime, type: timeType },
    rowNumberSql: "t.rowid",
    columns: [...types.keys()],
  };
};

export const materializeFeatureView = async ({
  plan,
  sources,
  spine,
  filter,
  split,
  format,
  outDir,
  statistics: givenStatistics,
  includeHelpers = "training",
  keepSpineTime = false,
  dropRows,
  duckdb,
  signal,
  progress = () => {},
}: {
  plan: TFeatureViewPlan;
  /** alias → the Delta table and the pinned version to read. */
  sources: Map<string, TPinnedSource>;
  spine: TSpineSource;
  filter?: TFilter | null;
  split: TSplit;
  format: "parquet" | "csv";
  /** Final directory; must not exist. */
  outDir: string;
  /** Use these statistics instead of fitting (batch inference data). */
  statistics?: TTransformationStatistics;
  includeHelpers?: "training" | "inference";
  /** Keep each row's spine time as a last column `_larder_ts` (TIMESTAMPTZ): a backtest tells rows apart by it. */
  keepSpineTime?: boolean;
  /**
   * Rows of the joined result to leave out, as a predicate over its columns (or null: none) — an erasure drops the
   * rows whose key columns hold an erased key, whichever source they came from.
   */
  dropRows?: (columns: string[]) => string | null;
  duckdb?: TDuckDbSettings;
  signal?: AbortSignal;
  progress?: (fraction: number, message: string, rowsProcessed?: number) => void;
}): Promise<TMaterializeResult> => {
  const tempDir = `${outDir}.tmp-${randomUUID()}`;
  await mkdir(tempDir, { recursive: true });
  try {
    const result = await withDuckDb(duckdb, async (connection) => {
      const onAbort = () => connection.interrupt();
      signal?.addEventListener("abort", onAbort, { once: true });
      try {
        signal?.throwIfAborted();
        const relations = new Map<string, string>();
        for (const [alias, pinned] of sources)
          relations.set(
            alias,
            (
              await readTable({
                tablePath: pinned.tablePath,
                asOf: { version: pinned.version },
                rowId: true,
                where: pinned.where,
                connection,
              })
            ).sql,
          );
        const spineInput: TSpineInput = spine.kind === "root" ? spine : await stageSpine({ connection, plan, spine });
        if (spine.kind === "root") {
          const rootColumns = new Set(
            (
              await readTable({
                tablePath: sources.get(plan.sources[0].alias)!.tablePath,
                asOf: { version: sources.get(plan.sources[0].alias)!.version },
                connection,
              })
            ).columns.map((c) => c.name),
          );
          const missing = missingRequestColumns({ plan, spineColumns: [...rootColumns] });
          if (missing.length)
            throw new SpineError(
              `The root group lacks the request parameter column(s) ${missing.map((m) => `'${m}'`).join(", ")} that on-demand features read; supply a spine with them`,
              "spine",
            );
        }
        progress(0.05, "joining point-in-time correctly");
        const featureViewSql = buildFeatureViewSql({ plan, relations, spine: spineInput, filter, split });
        registerOnDemandFunctions({ connection, functions: featureViewSql.functions });
        await withPitJoin(
          connection,
          featureViewSql,
          () => connection.run(`CREATE OR REPLACE TEMP TABLE _larder_rows AS ${featureViewSql.sql}`),
          signal,
        );
        signal?.throwIfAborted();
        if (dropRows) {
          const described = await queryJsonRows(connection, "DESCRIBE _larder_rows");
          const predicate = dropRows(described.map((row) => String(row.column_name)));
          if (predicate) await connection.run(`DELETE FROM _larder_rows WHERE ${predicate}`);
        }
        const counts = await queryJsonRows(
          connection,
          `SELECT ${SPLIT_COLUMN} AS split, count(*) AS n FROM _larder_rows GROUP BY 1`,
        );
        const total = counts.reduce((sum, row) => sum + Number(row.n), 0);
        progress(0.6, "fitting transformations on the train split", total);
        const hasTrain = counts.some((row) => row.split === "train");
        const statistics =
          givenStatistics ??
          (await fitTransformations({
            connection,
            relation: "_larder_rows",
            where: hasTrain ? `${SPLIT_COLUMN} = 'train'` : "TRUE",
            transformations: plan.transformations,
            orderBy: ROW_COLUMN,
          }));
        const excluded = new Set(
          includeHelpers === "training" ? plan.inferenceHelperColumns : plan.trainingHelperColumns,
        );
        // Untransformed features in the view's declared types (on-demand results too), whatever SQL computed.
        const featureItems = plan.featureTypes
          .filter(([name]) => !excluded.has(name))
          .map(([name, type]): [string, { name: string; sql: string }[]] => [
            name,
            statistics[name]
              ? transformedColumnSql({ feature: name, statistics: statistics[name] })
              : [{ name, sql: `CAST(${quoteIdent(name)} AS ${featureTypeToDuckDb(type)})` }],
          ]);
        // An uploaded spine's columns come first (spine-columns.ts); other spines give keys and times only.
        const { from, items: selectItems } =
          spine.kind === "file" && spineInput.kind === "relation"
            ? spineOutputSql({
                plan,
                spineTable: SPINE_TABLE,
                spineColumns: spineInput.columns,
                rowsTable: "_larder_rows",
                featureItems,
              })
            : {
                from: "_larder_rows",
                items: [
                  ...featureItems.flatMap(([, generated]) =>
                    generated.map((item) => `${item.sql} AS ${quoteIdent(item.name)}`),
                  ),
                  ...(keepSpineTime ? [quoteIdent(TIME_COLUMN)] : []),
                ],
              };
        const splits: TMaterializeResult["splits"] = [];
        let columns: TMaterializeResult["columns"] = [];
        const names = splitNames(split);
        for (const [index, name] of names.entries()) {
          signal?.throwIfAborted();
          const file = path.join(tempDir, `${name}.${format}`);
          const select = `SELECT ${selectItems.join(", ")} FROM ${from} WHERE ${SPLIT_COLUMN} = ${quoteLiteral(name)} ORDER BY ${ROW_COLUMN}`;
          if (index === 0)
            columns = (await queryJsonRows(connection, `DESCRIBE ${select}`)).map((row) => ({
              name: String(row.column_name),
              type: String(row.column_type),
            }));
          const options = format === "parquet" ? "FORMAT parquet, COMPRESSION zstd" : "FORMAT csv, HEADER true";
          const copied = await queryJsonRows(connection, `COPY (${select}) TO ${quoteLiteral(file)} (${options})`);
          const rowCount = Number(copied[0]?.Count ?? copied[0]?.count ?? 0);
          splits.push({
            name,
            rowCount,
            sizeBytes: (await stat(file)).size,
            path: path.join(outDir, `${name}.${format}`),
          });
          progress(0.6 + (0.4 * (index + 1)) / names.length, `wrote ${name}`, total);
        }
        return { splits, statistics, columns, rowCount: splits.reduce((sum, s) => sum + s.rowCount, 0) };
      } finally {
        signal?.removeEventListener("abort", onAbort);
      }
    });
    signal?.throwIfAborted();
    await rm(outDir, { recursive: true, force: true });
    await mkdir(path.dirname(outDir), { recursive: true });
    await rename(tempDir, outDir);
    return result;
  } catch (error) {
    await rm(tempDir, { recursive: true, force: true });
    throw error;
  }
};
