import "server-only";
import { quoteIdent, quoteLiteral } from "../offline";

// A training dataset's split in the other file format (download with ?format=…). The dataset records its columns
// and their DuckDB types when it is written (the view's declared types, transformed columns, spine columns), and
// the conversion reads the stored file AS those types instead of guessing: a CSV file says nothing of types, and
// DuckDB's sniffer would read int as BIGINT, float as DOUBLE, an all-null column or a 0-row split as VARCHAR, and
// `""` (an empty string, as DuckDB's CSV writer quotes it) as NULL. So a downloaded Parquet file has the schema
// and values of the same dataset written as Parquet, and a downloaded CSV file the text of it written as CSV.

export type TSplitFormat = "parquet" | "csv";
export type TRecordedColumn = { name: string; type: string };

// Types the conversion names in SQL: plain DuckDB type names, with precision or list brackets. A nested type from
// a user's spine file (STRUCT/MAP, whose printed form carries the file's own field names) is passed through as read.
const PLAIN_TYPE = /^[A-Za-z][A-Za-z0-9_ ]*(\(\d+(, ?\d+)?\))?(\[\])*$/;
const plainType = (type: string) => (PLAIN_TYPE.test(type) ? type : null);

const writeOptions = (format: TSplitFormat) =>
  format === "parquet" ? "FORMAT parquet, COMPRESSION zstd" : "FORMAT csv, HEADER true";

/** The stored file as a relation typed by the recorded columns (their order is the file's). */
export const typedSourceSql = ({
  path,
  format,
  columns,
}: {
  path: string;
  format: TSplitFormat;
  columns: TRecordedColumn[];
}): string => {
  if (format === "parquet") return `read_parquet(${quoteLiteral(path)})`;
  // auto_detect off: the dialect is the one DuckDB's writer used (comma, double quotes, header line);
  // allow_quoted_nulls off: `""` is the empty string, a bare empty field is NULL — as it was written.
  const types = columns
    .map((column) => `${quoteLiteral(column.name)}: ${quoteLiteral(plainType(column.type) ?? "VARCHAR")}`)
    .join(", ");
  return `read_csv(${quoteLiteral(path)}, header = true, auto_detect = false, allow_quoted_nulls = false, columns = {${types}})`;
};

/** The COPY statement that writes split file `source` (stored as `from`) to `target` as format `to`. */
export const convertSplitSql = ({
  source,
  from,
  target,
  to,
  columns,
}: {
  source: string;
  from: TSplitFormat;
  target: string;
  to: TSplitFormat;
  columns: TRecordedColumn[];
}): string => {
  // Datasets recorded without columns (none are written so today) keep the old best effort.
  if (columns.length === 0) {
    const relation =
      from === "parquet" ? `read_parquet(${quoteLiteral(source)})` : `read_csv(${quoteLiteral(source)}, header = true)`;
    return `COPY (SELECT * FROM ${relation}) TO ${quoteLiteral(target)} (${writeOptions(to)})`;
  }
  const select = columns
    .map((column) => {
      const type = plainType(column.type);
      return type
        ? `CAST(${quoteIdent(column.name)} AS ${type}) AS ${quoteIdent(column.name)}`
        : quoteIdent(column.name);
    })
    .join(", ");
  return `COPY (SELECT ${select} FROM ${typedSourceSql({ path: source, format: from, columns })}) TO ${quoteLiteral(target)} (${writeOptions(to)})`;
};
