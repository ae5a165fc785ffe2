import "server-only";

import path from "node:path";
import { InvalidTablePathError } from "./errors";

export const DELTA_LOG_DIR = "_delta_log";
// Writers stage Parquet files here before moving them into place; names starting with "_" are ignored by
// Delta readers (Spark, delta-rs), so a crashed writer's leftovers never show up as table data.
export const STAGING_DIR = "_larder_staging";
// Spark/Hive spelling of a null partition value in a directory name.
export const HIVE_NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__";

// DuckDB treats these as glob characters in file paths given to read_parquet; a table root containing them
// would silently read other files.
const GLOB_CHARACTERS = /[*?[\]{}]/;

/**
 * Validates a table path: absolute, normalized (no `..`), no NUL or glob characters, and — when
 * `storageRoot` is given — strictly inside it. Returns the normalized absolute path.
 */
export const validateTablePath = ({ tablePath, storageRoot }: { tablePath: string; storageRoot?: string }): string => {
  if (typeof tablePath !== "string" || tablePath.length === 0) {
    throw new InvalidTablePathError({ tablePath: String(tablePath), reason: "must be a non-empty string" });
  }
  if (tablePath.includes("\u0000")) throw new InvalidTablePathError({ tablePath, reason: "contains a NUL character" });
  if (!path.isAbsolute(tablePath)) throw new InvalidTablePathError({ tablePath, reason: "must be absolute" });
  if (tablePath.split(/[\\/]/).includes("..")) {
    throw new InvalidTablePathError({ tablePath, reason: "must not contain '..' segments" });
  }
  if (GLOB_CHARACTERS.test(tablePath)) {
    throw new InvalidTablePathError({ tablePath, reason: "must not contain glob characters * ? [ ] { }" });
  }
  const resolved = path.resolve(tablePath);
  if (resolved === path.parse(resolved).root)
    throw new InvalidTablePathError({ tablePath, reason: "must not be a filesystem root" });
  if (storageRoot !== undefined) {
    const root = path.resolve(storageRoot);
    const relative = path.relative(root, resolved);
    if (relative === "" || relative.startsWith("..") || path.isAbsolute(relative)) {
      throw new InvalidTablePathError({ tablePath, reason: `must be inside the storage root ${root}` });
    }
  }
  return resolved;
};

/** Joins a storage root and a relative table location (e.g. "project/fg_1"), refusing escapes. */
export const resolveTablePath = ({
  storageRoot,
  relativePath,
}: {
  storageRoot: string;
  relativePath: string;
}): string => {
  if (path.isAbsolute(relativePath)) {
    throw new InvalidTablePathError({ tablePath: relativePath, reason: "must be relative to the storage root" });
  }
  return validateTablePath({ tablePath: path.join(storageRoot, relativePath), storageRoot });
};

export const deltaLogPath = (tablePath: string): string => path.join(tablePath, DELTA_LOG_DIR);

/** `_delta_log/00000000000000000007.json` style name of a commit. */
export const commitFileName = (version: number): string => `${String(version).padStart(20, "0")}.json`;
export const checkpointFileName = (version: number): string =>
  `${String(version).padStart(20, "0")}.checkpoint.parquet`;

/** add.path is a URL-encoded URI relative to the table root (Delta protocol); encode each segment once. */
export const encodeAddPath = (relativePath: string): string =>
  relativePath
    .split("/")
    .map((segment) => encodeURIComponent(segment).replaceAll("%3D", "=").replaceAll("%2B", "+"))
    .join("/");

/**
 * Resolves an add/remove path to an absolute file path. Decodes once: Spark writes
 * `a=b%252521` for the directory `a=b%2521`.
 */
export const resolveDataFilePath = ({ tablePath, addPath }: { tablePath: string; addPath: string }): string => {
  if (/^[a-z][a-z0-9+.-]*:/i.test(addPath)) {
    if (!addPath.startsWith("file:")) {
      throw new InvalidTablePathError({ tablePath: addPath, reason: "only local file paths are supported" });
    }
    return decodeURIComponent(new URL(addPath).pathname);
  }
  const decoded = decodeURIComponent(addPath);
  const absolute = path.resolve(tablePath, decoded);
  const relative = path.relative(tablePath, absolute);
  if (relative.startsWith("..") || path.isAbsolute(relative)) {
    throw new InvalidTablePathError({ tablePath: addPath, reason: "data file path escapes the table directory" });
  }
  return absolute;
};

// Hive/Spark escapePathName: these characters are %XX-escaped in partition directory names.
const HIVE_ESCAPED = /[\u0000-\u001f"#%'*/:=?\\\u007f{[\]^]/g;

const escapeHivePathName = (value: string): string =>
  value.replace(HIVE_ESCAPED, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);

/** Hive-style directory for a row's partition values, Spark's spelling: `col=value/…`. */
export const hivePartitionDir = ({
  partitionColumns,
  partitionValues,
}: {
  partitionColumns: string[];
  partitionValues: Record<string, string | null>;
}): string =>
  partitionColumns
    .map((column) => {
      const value = partitionValues[column];
      const spelled =
        value === null || value === undefined || value === "" ? HIVE_NULL_PARTITION : escapeHivePathName(value);
      return `${escapeHivePathName(column)}=${spelled}`;
    })
    .join("/");
