import "server-only";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import {
  eventTimeInstantSql,
  isEventTimeType,
  quoteIdent,
  quoteLiteral,
  readTable,
  withDuckDb,
  type DuckDBConnection,
} from "../offline";
import { materializeBatchWindow } from "../feature-views";

// One version's rows over a backtest's window (docs/backtesting.md), written to one Parquet file that every later
// step reads (statistics, the suite, drift, the key diffs) — so each version is computed once, and the time it took
// is what the report calls its computation time. Every file ends with `_larder_ts`, the row's instant in the window
// (a group's event time, or the spine row's time), which tells rows with equal keys apart.

export const SPINE_TIME_COLUMN = "_larder_ts";
const BACKTEST_DUCKDB = { memoryLimit: "1GB", threads: 2 };

type TColumn = { name: string; type: string };
export type TBacktestGroup = {
  id: string;
  name: string;
  version: number;
  tablePath: string;
  deltaVersion: number;
  primaryKey: string[];
  eventTime: string | null;
  features: TColumn[];
};
export type TBacktestView = {
  id: string;
  name: string;
  version: number;
  servingKeys: string[];
  featureTypes: TColumn[];
};
type TBacktestSpine = {
  tablePath: string;
  deltaVersion: number;
  primaryKey: string[];
  eventTime: TColumn;
};
export type TBacktestWindowSpec =
  { kind: "timeRange"; start: Date; end: Date } | { kind: "spine"; spine: TBacktestSpine };

export type TSideRows = {
  file: string;
  rows: number;
  seconds: number;
  commit: number | null;
  /** The features the rows hold, in their feature types. */
  features: TColumn[];
  /** The key columns the rows carry. */
  keyColumns: string[];
};

const at = (date: Date) => `CAST(${quoteLiteral(date.toISOString())} AS TIMESTAMPTZ)`;

/** Interrupts the connection's running statement when the job is cancelled. */
const interruptible = async <T>(
  connection: DuckDBConnection,
  signal: AbortSignal | undefined,
  work: () => Promise<T>,
) => {
  const onAbort = () => connection.interrupt();
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    signal?.throwIfAborted();
    return await work();
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
};

const copyRows = async (connection: DuckDBConnection, select: string, file: string) => {
  const copied = await connection.runAndReadAll(`COPY (${select}) TO ${quoteLiteral(file)} (FORMAT parquet)`);
  return Number(copied.getRows()[0]?.[0] ?? 0);
};

/**
 * A feature group version's rows: those whose event time lies in [start, end) of its latest commit, or — for a
 * spine — its row as of each spine row's time with the same key (point-in-time: the latest event time not after
 * it; an equal key for a group without event time); spine rows it has no row for are not its rows.
 */
const groupRows = async ({
  group,
  window,
  file,
  signal,
}: {
  group: TBacktestGroup;
  window: TBacktestWindowSpec;
  file: string;
  signal?: AbortSignal;
}) =>
  withDuckDb(BACKTEST_DUCKDB, (connection) =>
    interruptible(connection, signal, async () => {
      const eventTime = group.features.find((feature) => feature.name === group.eventTime);
      const instant =
        eventTime && isEventTimeType(eventTime.type)
          ? (expression: string) => eventTimeInstantSql({ expression, type: eventTime.type as never })
          : null;
      const columns = group.features.map((feature) => `g.${quoteIdent(feature.name)}`).join(", ");
      if (window.kind === "timeRange") {
        if (!instant) throw new Error(`${group.name} v${group.version} has no event time`);
        const table = await readTable({
          tablePath: group.tablePath,
          asOf: { version: group.deltaVersion },
          where: `${instant(quoteIdent(eventTime!.name))} >= ${at(window.start)} AND ${instant(quoteIdent(eventTime!.name))} < ${at(window.end)}`,
          connection,
        });
        const time = instant(`g.${quoteIdent(eventTime!.name)}`);
        return copyRows(connection, `SELECT ${columns}, ${time} AS ${SPINE_TIME_COLUMN} FROM ${table.sql} AS g`, file);
      }
      const { spine } = window;
      const table = await readTable({ tablePath: group.tablePath, asOf: { version: group.deltaVersion }, connection });
      const spineTable = await readTable({
        tablePath: spine.tablePath,
        asOf: { version: spine.deltaVersion },
        connection,
      });
      // Keys compared as text, so a bigint key in the spine finds an int key in the group.
      const key = (alias: string, index: number) => `_larder_k${index}_${alias}`;
      const keyItems = (alias: string) =>
        group.primaryKey
          .map((name, index) => `CAST(${quoteIdent(name)} AS VARCHAR) AS ${key(alias, index)}`)
          .join(", ");
      const spineTime = eventTimeInstantSql({
        expression: quoteIdent(spine.eventTime.name),
        type: spine.eventTime.type as never,
      });
      const equal = group.primaryKey.map((_, index) => `s.${key("s", index)} = g.${key("g", index)}`).join(" AND ");
      const spineSql = `(SELECT ${keyItems("s")}, ${spineTime} AS ${SPINE_TIME_COLUMN} FROM ${spineTable.sql} AS t)`;
      const groupSql = `(SELECT *, ${keyItems("g")}${instant ? `, ${instant(quoteIdent(eventTime!.name))} AS _larder_gts` : ""} FROM ${table.sql} AS t)`;
      const join = instant
        ? `${spineSql} AS s ASOF JOIN ${groupSql} AS g ON ${equal} AND s.${SPINE_TIME_COLUMN} >= g._larder_gts`
        : `${spineSql} AS s JOIN ${groupSql} AS g ON ${equal}`;
      return copyRows(connection, `SELECT ${columns}, s.${SPINE_TIME_COLUMN} FROM ${join}`, file);
    }),
  );

export const computeSideRows = async ({
  projectId,
  side,
  window,
  dir,
  signal,
}: {
  projectId: string;
  side: { kind: "featureGroup"; group: TBacktestGroup } | { kind: "featureView"; view: TBacktestView };
  window: TBacktestWindowSpec;
  /** A directory of the job's own; the side's file is written inside it. */
  dir: string;
  signal?: AbortSignal;
}): Promise<TSideRows> => {
  await mkdir(dir, { recursive: true });
  const started = performance.now();
  if (side.kind === "featureGroup") {
    const file = path.join(dir, "rows.parquet");
    const rows = await groupRows({ group: side.group, window, file, signal });
    return {
      file,
      rows,
      seconds: (performance.now() - started) / 1000,
      commit: side.group.deltaVersion,
      features: side.group.features,
      keyColumns: side.group.primaryKey,
    };
  }
  const { view } = side;
  const written = await materializeBatchWindow({
    projectId,
    featureViewId: view.id,
    ...(window.kind === "timeRange"
      ? { start: window.start.toISOString(), end: window.end.toISOString() }
      : {
          spine: {
            kind: "table" as const,
            tablePath: window.spine.tablePath,
            version: window.spine.deltaVersion,
            eventTime: window.spine.eventTime.name,
            orderBy: [...window.spine.primaryKey, window.spine.eventTime.name],
          },
        }),
    keepSpineTime: true,
    outDir: path.join(dir, "batch"),
    signal,
  });
  const output = new Set(written.columns.map((column) => column.name));
  return {
    file: written.path,
    rows: written.rowCount,
    seconds: (performance.now() - started) / 1000,
    commit: null,
    features: view.featureTypes.filter((feature) => output.has(feature.name)),
    keyColumns: view.servingKeys.filter((name) => output.has(name)),
  };
};
