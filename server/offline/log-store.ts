import "server-only";

import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { TDeltaAction } from "./delta-actions";
import { DeltaConflictError, DeltaTableNotFoundError } from "./errors";
import { commitFileName, deltaLogPath } from "./paths";

const COMMIT_FILE = /^(\d{20})\.json$/;
const SINGLE_CHECKPOINT = /^(\d{20})\.checkpoint\.parquet$/;
const MULTI_PART_CHECKPOINT = /^(\d{20})\.checkpoint\.(\d{10})\.(\d{10})\.parquet$/;

type TCheckpointFiles = { version: number; files: string[] };

/** What `_delta_log/` holds: commit versions and complete checkpoints (.crc and temp files are ignored). */
export type TLogListing = {
  commits: Map<number, string>;
  checkpoints: TCheckpointFiles[];
  latestVersion: number;
};

export const listDeltaLog = async (tablePath: string): Promise<TLogListing> => {
  const logDir = deltaLogPath(tablePath);
  let names: string[];
  try {
    names = await fs.readdir(logDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new DeltaTableNotFoundError({ tablePath });
    throw error;
  }
  const commits = new Map<number, string>();
  const singles = new Map<number, string>();
  const parts = new Map<number, { total: number; files: Map<number, string> }>();
  for (const name of names) {
    const commit = COMMIT_FILE.exec(name);
    if (commit) {
      commits.set(Number(commit[1]), path.join(logDir, name));
      continue;
    }
    const single = SINGLE_CHECKPOINT.exec(name);
    if (single) {
      singles.set(Number(single[1]), path.join(logDir, name));
      continue;
    }
    const multi = MULTI_PART_CHECKPOINT.exec(name);
    if (multi) {
      const version = Number(multi[1]);
      const entry = parts.get(version) ?? { total: Number(multi[3]), files: new Map() };
      entry.files.set(Number(multi[2]), path.join(logDir, name));
      parts.set(version, entry);
    }
  }
  const checkpoints: TCheckpointFiles[] = [...singles].map(([version, file]) => ({ version, files: [file] }));
  for (const [version, entry] of parts) {
    // A multi-part checkpoint is usable only when every part is present.
    if (entry.files.size === entry.total && !singles.has(version)) {
      checkpoints.push({ version, files: [...entry.files.entries()].sort((a, b) => a[0] - b[0]).map(([, f]) => f) });
    }
  }
  checkpoints.sort((a, b) => a.version - b.version);
  const versions = [...commits.keys()];
  const latestVersion = Math.max(-1, ...versions, ...checkpoints.map((c) => c.version));
  if (latestVersion < 0) throw new DeltaTableNotFoundError({ tablePath, detail: "_delta_log has no commits" });
  return { commits, checkpoints, latestVersion };
};

export const readCommitActions = async (file: string): Promise<TDeltaAction[]> => {
  const text = await fs.readFile(file, "utf8");
  const actions: TDeltaAction[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() !== "") actions.push(JSON.parse(line) as TDeltaAction);
  }
  return actions;
};

export type TLastCheckpoint = { version: number; size?: number; parts?: number };

export const readLastCheckpoint = async (tablePath: string): Promise<TLastCheckpoint | undefined> => {
  try {
    const parsed = JSON.parse(await fs.readFile(path.join(deltaLogPath(tablePath), "_last_checkpoint"), "utf8"));
    return typeof parsed?.version === "number" ? (parsed as TLastCheckpoint) : undefined;
  } catch {
    // Missing or half-written _last_checkpoint is only a hint; the listing is the truth.
    return undefined;
  }
};

/**
 * Writes commit `version` atomically and exclusively: the actions go to a hidden temp file that is then
 * hard-linked to the final name. link(2) fails with EEXIST when another writer won the version, so two
 * writers can never both commit version N, and readers never see a half-written commit.
 */
export const writeCommitFile = async ({
  tablePath,
  version,
  actions,
}: {
  tablePath: string;
  version: number;
  actions: TDeltaAction[];
}): Promise<void> => {
  const logDir = deltaLogPath(tablePath);
  await fs.mkdir(logDir, { recursive: true });
  const tempFile = path.join(logDir, `.${commitFileName(version)}.${randomUUID()}.tmp`);
  const body = actions.map((action) => JSON.stringify(action)).join("\n") + "\n";
  try {
    const handle = await fs.open(tempFile, "wx");
    try {
      await handle.writeFile(body, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await fs.link(tempFile, path.join(logDir, commitFileName(version)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") throw new DeltaConflictError({ tablePath, version });
      throw error;
    }
  } finally {
    await fs.rm(tempFile, { force: true });
  }
};

/** Writes a small file atomically (temp + rename); used for checkpoints and _last_checkpoint. */
export const writeFileAtomic = async ({ file, data }: { file: string; data: string | Buffer }): Promise<void> => {
  const tempFile = path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID()}.tmp`);
  try {
    await fs.writeFile(tempFile, data);
    await fs.rename(tempFile, file);
  } finally {
    await fs.rm(tempFile, { force: true });
  }
};
