import "server-only";

import fs from "node:fs/promises";
import type { TAddAction } from "./delta-actions";
import { type DuckDBConnection, type TTableVersionRead, withDuckDb } from "./duckdb";
import { DeltaVersionVacuumedError } from "./errors";
import { listDeltaLog } from "./log-store";
import { resolveDataFilePath } from "./paths";
import { loadSnapshot } from "./snapshot";

// Time travel to a version whose files vacuum deleted: the log still describes the version, the Parquet files
// are gone, and DuckDB would answer "No files found that match the pattern …". These helpers turn that into
// DeltaVersionVacuumedError naming the version and the oldest one that can still be read. They run only after
// a read failed, so a healthy read pays nothing for them.

const hasMissingFile = async ({ tablePath, files }: { tablePath: string; files: TAddAction[] }): Promise<boolean> => {
  const present = await Promise.all(
    files.map((file) =>
      fs.access(resolveDataFilePath({ tablePath, addPath: file.path })).then(
        () => true,
        () => false,
      ),
    ),
  );
  return present.includes(false);
};

const isComplete = async ({ tablePath, version, connection }: TTableVersionRead): Promise<boolean> => {
  // A version before a purge (purge-history.ts) has no log left to read: not complete.
  const snapshot = await loadSnapshot({ tablePath, asOf: { version }, connection }).catch((error) => {
    if (error instanceof DeltaVersionVacuumedError) return null;
    throw error;
  });
  if (!snapshot) return false;
  return !(await hasMissingFile({ tablePath, files: snapshot.files }));
};

/**
 * The oldest version after `after` whose data files all exist, or null. Vacuum deletes only files that the
 * latest version no longer references, removed before a cutoff, so readable versions form a suffix of the
 * history: a binary search needs log2(versions) snapshot loads.
 */
const findOldestReadableVersion = async ({
  tablePath,
  after,
  connection,
}: {
  tablePath: string;
  after: number;
  connection: DuckDBConnection;
}): Promise<number | null> => {
  const latest = (await listDeltaLog(tablePath)).latestVersion;
  if (!(await isComplete({ tablePath, version: latest, connection }))) return null;
  let [low, high] = [after + 1, latest];
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (await isComplete({ tablePath, version: middle, connection })) high = middle;
    else low = middle + 1;
  }
  return high;
};

/**
 * Runs a read of `files` (data files live at `version`); when it fails and some of those files are gone,
 * throws DeltaVersionVacuumedError instead of the engine's error. Any other failure is rethrown as it is.
 */
export const explainMissingFiles = async <T>({
  tablePath,
  version,
  files,
  connection,
  read,
}: TTableVersionRead & { files: TAddAction[]; read: () => Promise<T> }): Promise<T> => {
  try {
    return await read();
  } catch (error) {
    if (!(await hasMissingFile({ tablePath, files }))) throw error;
    const oldestReadableVersion = await findOldestReadableVersion({ tablePath, after: version, connection });
    throw new DeltaVersionVacuumedError({ tablePath, version, oldestReadableVersion });
  }
};

/**
 * Throws DeltaVersionVacuumedError when `version` can no longer be read because vacuum deleted some of its files
 * (e.g. before re-creating a training dataset pinned to it); a request can then refuse at once instead of a job
 * failing later. One access(2) per live file of that version.
 */
export const assertVersionReadable = async ({
  tablePath,
  version,
  connection,
}: {
  tablePath: string;
  version: number;
  connection?: DuckDBConnection;
}): Promise<void> => {
  const check = async (conn: DuckDBConnection) => {
    const snapshot = await loadSnapshot({ tablePath, asOf: { version }, connection: conn });
    if (!(await hasMissingFile({ tablePath: snapshot.tablePath, files: snapshot.files }))) return;
    const oldestReadableVersion = await findOldestReadableVersion({
      tablePath: snapshot.tablePath,
      after: version,
      connection: conn,
    });
    throw new DeltaVersionVacuumedError({ tablePath: snapshot.tablePath, version, oldestReadableVersion });
  };
  return connection ? check(connection) : withDuckDb(undefined, check);
};
