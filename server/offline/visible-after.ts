import "server-only";

import type { DuckDBConnection } from "./duckdb";
import { quoteIdent } from "./duckdb";
import { INCOMING_TABLE, incomingKeyRanges, keyMatchSql } from "./incoming";
import { pruneFilesByKeyRanges } from "./pruning";
import { buildScanSql } from "./scan";
import type { TDeltaSnapshot } from "./snapshot";

/**
 * The rows visible after a write (the snapshot less the rows the load replaces on the write key, plus the load)
 * whose `columns` all hold a value of the load, `columns` only. Only what answers that is read: the snapshot files
 * whose min/max statistics can hold the load's values, the write key and `columns` of them (Parquet projection),
 * semi-joined on the load's values before the anti-join on the write key.
 */
export const visibleMatchingLoadSql = async ({
  connection,
  snapshot,
  writeKey,
  columns,
}: {
  connection: DuckDBConnection;
  snapshot: TDeltaSnapshot;
  writeKey: string[];
  columns: string[];
}): Promise<string> => {
  const ranges = await incomingKeyRanges({ connection, keys: columns, schema: snapshot.schema });
  const files = pruneFilesByKeyRanges({ files: snapshot.files, ranges, schema: snapshot.schema });
  const scan = await buildScanSql({
    connection,
    source: { ...snapshot, files },
    columns: [...new Set([...writeKey, ...columns])],
  });
  const list = columns.map(quoteIdent).join(", ");
  const matching = `SEMI JOIN ${INCOMING_TABLE} m ON ${keyMatchSql({ keys: columns, left: "s", right: "m" })}`;
  const replaced =
    writeKey.length === 0
      ? ""
      : ` ANTI JOIN ${INCOMING_TABLE} i ON ${keyMatchSql({ keys: writeKey, left: "s", right: "i" })}`;
  const kept = `SELECT ${columns.map((column) => `s.${quoteIdent(column)}`).join(", ")} FROM ${scan} s ${matching}${replaced}`;
  return `(${kept} UNION ALL SELECT ${list} FROM ${INCOMING_TABLE})`;
};

/**
 * A scalar query: how many rows the write keeps from the snapshot (rows the load does not replace on the write
 * key) whose `column` holds a value of the load — 0 exactly when no such row exists. The number is exact when the
 * staged load holds each value of `column` once; when it repeats one, it may count a kept row more than once (a
 * caller asking "is there any duplicate" has its answer from the load already). Reads `column` and the write key
 * of the files whose statistics can hold the load's values. When `column` is part of the write key, one join on
 * it does (a snapshot row with the load's value is kept exactly when the rest of its key differs); when the write
 * key is `column` alone, every such row is replaced and nothing is read.
 */
export const keptRowsWithLoadValuesSql = async ({
  connection,
  snapshot,
  writeKey,
  column,
}: {
  connection: DuckDBConnection;
  snapshot: TDeltaSnapshot;
  writeKey: string[];
  column: string;
}): Promise<string> => {
  const rest = writeKey.filter((key) => key !== column);
  if (writeKey.includes(column) && rest.length === 0) return "SELECT 0";
  const ranges = await incomingKeyRanges({ connection, keys: [column], schema: snapshot.schema });
  const files = pruneFilesByKeyRanges({ files: snapshot.files, ranges, schema: snapshot.schema });
  const scan = await buildScanSql({
    connection,
    source: { ...snapshot, files },
    columns: [...new Set([...writeKey, column])],
  });
  const col = quoteIdent(column);
  if (writeKey.includes(column))
    return `SELECT count(*) FROM ${scan} s JOIN ${INCOMING_TABLE} m ON s.${col} = m.${col} WHERE NOT (${keyMatchSql({ keys: rest, left: "s", right: "m" })})`;
  const replaced =
    writeKey.length === 0
      ? ""
      : ` ANTI JOIN ${INCOMING_TABLE} i ON ${keyMatchSql({ keys: writeKey, left: "s", right: "i" })}`;
  return `SELECT count(*) FROM ${scan} s SEMI JOIN ${INCOMING_TABLE} m ON s.${col} = m.${col}${replaced}`;
};
