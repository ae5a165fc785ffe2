import "server-only";
import { isDeepStrictEqual } from "node:util";
import { loadSnapshot, readTable, withDuckDb } from "../offline";
import type { TConsistencyReport, TMismatchKind } from "@/lib/api/online";
import {
  decodeRow,
  isExpired,
  isoFromMicros,
  keyFeatures,
  parseLines,
  getOnlineStore,
  toOnlineGroup,
  type TOnlineReadRow,
} from "../online-store";
import { LATEST_ROWS_DUCKDB, latestRowsSql, streamLines, type TLatestRowsScanOptions } from "./offline-source";

// Consistency check: for every key of the offline store (or a random sample), its latest row — or nothing, when
// that row is older than the TTL — must be what the online store serves. Mismatches:
//   missing     offline has a live row, online has none
//   stale       online has an older event time than offline
//   different   same event time but other values, or online is ahead of the offline store
//   unexpected  online serves a row although offline's latest is expired (should not happen: reads apply TTL)
// Keys that exist online but no longer offline are not found by a scan of the offline store (see docs).

// Keys compared per online read.
const CHECK_CHUNK_ROWS = 5_000;
// Examples kept in the report, per run.
const MAX_EXAMPLES = 20;
// Reservoir sampling seed: the same sample for the same data, so reruns are comparable.
const SAMPLE_SEED = 42;

type TGroupRow = Parameters<typeof toOnlineGroup>[0] & { tablePath: string };

export const checkOnlineConsistency = async ({
  featureGroup,
  sample,
  store = getOnlineStore(),
  now = Date.now(),
  progress,
  signal,
}: TLatestRowsScanOptions & {
  featureGroup: TGroupRow;
  sample?: number;
  now?: number;
}): Promise<TConsistencyReport> => {
  const group = toOnlineGroup(featureGroup);
  const keys = keyFeatures(group);
  const report: TConsistencyReport = {
    keysChecked: 0,
    matching: 0,
    mismatches: { missing: 0, stale: 0, different: 0, unexpected: 0 },
    examples: [],
    snapshotVersion: -1,
    checkedAt: new Date(now).toISOString(),
  };
  const note = (kind: TMismatchKind, key: string[], offline: TOnlineReadRow | null, online: TOnlineReadRow | null) => {
    report.mismatches[kind] += 1;
    if (report.examples.length < MAX_EXAMPLES) {
      const describe = (row: TOnlineReadRow | null) =>
        row ? { eventTime: isoFromMicros(row.eventTimeUs), values: row.values } : null;
      report.examples.push({
        kind,
        key: Object.fromEntries(keys.map((feature, index) => [feature.name, key[index]])),
        offline: describe(offline),
        online: describe(online),
      });
    }
  };
  await withDuckDb(LATEST_ROWS_DUCKDB, async (connection) => {
    const snapshot = await loadSnapshot({ tablePath: featureGroup.tablePath, connection });
    report.snapshotVersion = snapshot.version;
    const relation = await readTable({
      tablePath: featureGroup.tablePath,
      asOf: { version: snapshot.version },
      connection,
    });
    const latest = latestRowsSql({ group, relationSql: relation.sql, order: store.writeOrder });
    const sql = sample
      ? `SELECT * FROM (${latest}) USING SAMPLE reservoir(${Math.floor(sample)} ROWS) REPEATABLE (${SAMPLE_SEED})`
      : latest;
    for await (const lines of streamLines({ connection, sql, chunkRows: CHECK_CHUNK_ROWS })) {
      signal?.throwIfAborted();
      const chunk = parseLines(lines.text);
      const online = await store.getRows({ group, keys: chunk.map((row) => row.key), now });
      chunk.forEach((row, index) => {
        const expected = isExpired({ group, eventTimeUs: row.eventTimeUs, now })
          ? null
          : decodeRow({ group, eventTimeUs: row.eventTimeUs, texts: row.values });
        const actual = online[index];
        if (!expected && !actual) report.matching += 1;
        else if (!actual) note("missing", row.key, expected, null);
        else if (!expected) note("unexpected", row.key, null, actual);
        else if (actual.eventTimeUs < expected.eventTimeUs) note("stale", row.key, expected, actual);
        else if (actual.eventTimeUs > expected.eventTimeUs || !isDeepStrictEqual(actual.values, expected.values))
          note("different", row.key, expected, actual);
        else report.matching += 1;
      });
      report.keysChecked += chunk.length;
      progress?.({
        fraction: sample ? Math.min(0.99, report.keysChecked / sample) : 0.5,
        rowsProcessed: report.keysChecked,
        message: `${report.keysChecked} keys checked`,
      });
    }
  });
  return report;
};
