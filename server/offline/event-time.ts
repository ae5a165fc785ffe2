import "server-only";

// The one definition of "an event-time column → an instant", shared by everything that compares or stores event
// times: the point-in-time join and time ranges (server/feature-views), TTLs offline and online, materialization,
// write-through and the consistency check (server/online), and through them the feature server and the Feast
// endpoint. It lives here, on the floor for data, so that both rooms import the same SQL instead of each keeping
// its own reading of a unit (the online store once read bigint as seconds while the join read milliseconds).
//
//   timestamp  the instant itself (Delta timestamps are UTC instants; DuckDB sessions run with TimeZone = UTC)
//   date       midnight UTC of that day
//   bigint     Unix epoch MILLISECONDS — what JavaScript's Date.now(), Java's currentTimeMillis() and most loggers
//              write, and what ingest accepts for timestamp columns given as numbers (docs/feature-views.md)

export const EVENT_TIME_TYPES = ["timestamp", "date", "bigint"] as const;
export type TEventTimeType = (typeof EVENT_TIME_TYPES)[number];

export const isEventTimeType = (type: string): type is TEventTimeType =>
  (EVENT_TIME_TYPES as readonly string[]).includes(type);

/** SQL for an event-time column's value as a TIMESTAMPTZ instant (NULL stays NULL). */
export const eventTimeInstantSql = ({ expression, type }: { expression: string; type: TEventTimeType }): string => {
  if (type === "timestamp") return `CAST(${expression} AS TIMESTAMPTZ)`;
  if (type === "date") return `CAST(CAST(${expression} AS TIMESTAMP) AS TIMESTAMPTZ)`;
  return `CAST(epoch_ms(${expression}) AS TIMESTAMPTZ)`;
};

/**
 * SQL for the same instant in epoch microseconds (BIGINT): the online store's unit. Defined through
 * eventTimeInstantSql, so online and offline cannot disagree on a unit.
 */
export const eventTimeMicrosSql = ({ expression, type }: { expression: string; type: TEventTimeType }): string =>
  `epoch_us(${eventTimeInstantSql({ expression, type })})`;

/**
 * SQL that is TRUE when an event-time column's instant is at or after `instant` — the same as comparing
 * eventTimeInstantSql(…) with it, but in the column's own type (the instant is turned into a literal of that type
 * once), so no row is converted: over 1 M timestamps 12 ms instead of 400 ms for the per-row TIMESTAMPTZ cast.
 */
export const eventTimeNotBeforeSql = ({
  expression,
  type,
  instant,
}: {
  expression: string;
  type: TEventTimeType;
  instant: Date;
}): string => {
  // UTC wall-clock time: timestamps are UTC instants, a date is midnight UTC of its day.
  const utc = `CAST('${instant.toISOString().replace("T", " ").replace("Z", "")}' AS TIMESTAMP)`;
  if (type === "timestamp") return `${expression} >= ${utc}`;
  if (type === "date") return `CAST(${expression} AS TIMESTAMP) >= ${utc}`;
  return `${expression} >= ${instant.getTime()}`;
};
