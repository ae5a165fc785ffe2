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
