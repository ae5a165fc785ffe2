import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach } from "vitest";
import { readTable, withDuckDb, type ReadTableParams } from "./index";

const created: string[] = [];

/** A fresh directory per test, removed afterwards. */
export const makeTempDir = async (): Promise<string> => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "larder-offline-"));
  created.push(dir);
  return dir;
};

afterEach(async () => {
  await Promise.all(created.splice(0).map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

/** Runs `SELECT … FROM <table relation> AS t …` and returns JSON rows. */
export const queryTable = async (
  params: ReadTableParams,
  select = "SELECT * FROM {t}",
): Promise<Record<string, unknown>[]> =>
  withDuckDb(undefined, async (connection) => {
    const relation = await readTable({ ...params, connection });
    const reader = await connection.runAndReadAll(select.replace("{t}", `${relation.sql} AS t`));
    return reader.getRowObjectsJson() as Record<string, unknown>[];
  });

export const countRows = async (params: ReadTableParams): Promise<number> =>
  Number((await queryTable(params, "SELECT count(*) AS n FROM {t}"))[0].n);

/** Every file under a directory (relative paths), for "no stray files" checks. */
export const listAllFiles = async (dir: string): Promise<string[]> => {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
};
