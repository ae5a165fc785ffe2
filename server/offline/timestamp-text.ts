import "server-only";

/**
 * How a timestamp written as text becomes an instant, defined once for every load path: ingest (JSON rows checked
 * in JavaScript, files in SQL) and uploaded spines. Text is integer epoch milliseconds or ISO 8601 with an offset
 * (`Z` or ±hh:mm) that is applied; text without an offset is UTC. Only instants in years 0001–9999 are accepted,
 * the range Parquet readers, DuckDB, PostgreSQL and JavaScript all hold alike. The patterns are read alike by
 * JavaScript's RegExp and DuckDB's RE2, so the ingest check (value-rules.ts) can apply them on both sides.
 */

// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z in epoch milliseconds.
export const TIMESTAMP_MIN_MS = -62135596800000;
export const TIMESTAMP_MAX_MS = 253402300799999;
export const DATE_PATTERN = "(\\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])";
export const TIMESTAMP_PATTERN = `${DATE_PATTERN}(?:[ T]([01]\\d|2[0-3]):([0-5]\\d)(?::([0-5]\\d)(\\.\\d{1,9})?)?(Z|[+-](?:[01]\\d|2[0-3]):[0-5]\\d)?)?`;
// Epoch milliseconds as text: at most 15 digits (years 0001–9999 need 15), so the cast can never overflow.
export const EPOCH_MS_PATTERN = "-?\\d{1,15}";
const OFFSET_PATTERN = "(Z|[+-]\\d{2}:\\d{2})$";

const sqlString = (text: string) => `'${text.replaceAll("'", "''")}'`;

const TIMESTAMP_RANGE_SQL = `BETWEEN TIMESTAMP '0001-01-01 00:00:00' AND TIMESTAMP '9999-12-31 23:59:59.999999'`;

/** SQL for a timestamp read from text (epoch ms or ISO 8601 with its offset applied) as a UTC TIMESTAMP, else NULL. */
const timestampFromTextSql = (text: string): string =>
  `(CASE WHEN regexp_full_match(${text}, ${sqlString(EPOCH_MS_PATTERN)}) THEN ` +
  `(CASE WHEN CAST(${text} AS BIGINT) BETWEEN ${TIMESTAMP_MIN_MS} AND ${TIMESTAMP_MAX_MS} THEN epoch_ms(CAST(${text} AS BIGINT)) END) ` +
  `WHEN NOT regexp_full_match(${text}, ${sqlString(TIMESTAMP_PATTERN)}) THEN NULL ` +
  // An offset is applied through TIMESTAMPTZ, then the instant is read in UTC; without one the text is UTC already.
  `WHEN regexp_matches(${text}, ${sqlString(OFFSET_PATTERN)}) THEN timezone('UTC', TRY_CAST(${text} AS TIMESTAMPTZ)) ` +
  `ELSE TRY_CAST(${text} AS TIMESTAMP) END)`;

/**
 * SQL for a timestamp column of any DuckDB type as a UTC TIMESTAMP in years 0001–9999, else NULL: text by the
 * rule above, numbers as integer epoch milliseconds, TIMESTAMP WITH TIME ZONE as its instant, TIMESTAMP as UTC.
 */
export const utcTimestampSql = ({ column, sourceType }: { column: string; sourceType: string }): string => {
  let value: string;
  if (/^VARCHAR$/i.test(sourceType)) value = timestampFromTextSql(column);
  else if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|U\w*INT|UBIGINT|FLOAT|DOUBLE|DECIMAL.*)$/i.test(sourceType))
    value = `(CASE WHEN ${column} = trunc(${column}) AND ${column} BETWEEN ${TIMESTAMP_MIN_MS} AND ${TIMESTAMP_MAX_MS} THEN epoch_ms(CAST(${column} AS BIGINT)) END)`;
  else if (/WITH TIME ZONE|TIMESTAMPTZ/i.test(sourceType)) value = `timezone('UTC', ${column})`;
  else value = `TRY_CAST(${column} AS TIMESTAMP)`;
  return `(CASE WHEN ${value} ${TIMESTAMP_RANGE_SQL} THEN ${value} END)`;
};
