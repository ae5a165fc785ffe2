import "server-only";

import fs from "node:fs/promises";
import path from "node:path";
import { type TDuckDbSettings, withDuckDb } from "./duckdb";
import { DELTA_LOG_DIR, STAGING_DIR, resolveDataFilePath, validateTablePath } from "./paths";
import { loadSnapshot } from "./snapshot";

// A table's storage footprint for usage reports (docs/usage.md), without reading any data: live bytes are the sizes
// the latest snapshot's add actions record; history bytes are the Parquet files on disk that the latest snapshot does
// not reference (what time travel keeps until a vacuum), taken from the file system. The log and staging are not
// counted (a few kilobytes per commit; staging is transient).

export type TTableFootprint = {
  version: number;
  liveFiles: number;
  liveBytes: number;
  historyFiles: number;
  historyBytes: number;
};

const parquetFiles = async (dir: string, root: string): Promise<string[]> => {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map((entry) => {
      const full = path.join(dir, entry.name);
      if (dir === root && (entry.name === DELTA_LOG_DIR || entry.name === STAGING_DIR)) return Promise.resolve([]);
      if (entry.isDirectory()) return parquetFiles(full, root);
      return Promise.resolve(entry.name.endsWith(".parquet") ? [full] : []);
    }),
  );
  return nested.flat();
};

export const tableFootprint = async ({
  tablePath: rawTablePath,
  storageRoot,
  duckdb,
}: {
  tablePath: string;
  storageRoot?: string;
  duckdb?: TDuckDbSettings;
}): Promise<TTableFootprint> => {
  const tablePath = validateTablePath({ tablePath: rawTablePath, storageRoot });
  const snapshot = await withDuckDb(duckdb, (connection) => loadSnapshot({ tablePath, connection }));
  const live = new Set(snapshot.files.map((file) => resolveDataFilePath({ tablePath, addPath: file.path })));
  let historyFiles = 0;
  let historyBytes = 0;
  for (const file of await parquetFiles(tablePath, tablePath)) {
    if (live.has(file)) continue;
    const info = await fs.stat(file).catch(() => undefined);
    if (!info) continue;
    historyFiles += 1;
    historyBytes += info.size;
  }
  return {
    version: snapshot.version,
    liveFiles: snapshot.files.length,
    liveBytes: snapshot.files.reduce((sum, file) => sum + Number(file.size ?? 0), 0),
    historyFiles,
    historyBytes,
  };
};
