import "server-only";

// Typed errors of the offline store. Callers (jobs, HTTP wrapper) map them by class, never by message.

/** Another writer committed the same version first; the caller may retry on top of the new state. */
export class DeltaConflictError extends Error {
  readonly version: number;
  constructor({ tablePath, version }: { tablePath: string; version: number }) {
    super(`Delta commit conflict: version ${version} of ${tablePath} was written by another writer`);
    this.name = "DeltaConflictError";
    this.version = version;
  }
}

/** The table uses protocol features this reader/writer does not implement (e.g. deletion vectors). */
export class UnsupportedDeltaTableError extends Error {
  readonly reason: string;
  constructor({ tablePath, reason }: { tablePath: string; reason: string }) {
    super(`Unsupported Delta table ${tablePath}: ${reason}`);
    this.name = "UnsupportedDeltaTableError";
    this.reason = reason;
  }
}

export class DeltaTableNotFoundError extends Error {
  constructor({ tablePath, detail }: { tablePath: string; detail?: string }) {
    super(`Delta table not found: ${tablePath}${detail ? ` (${detail})` : ""}`);
    this.name = "DeltaTableNotFoundError";
  }
}

/** A requested version/timestamp does not exist in the table's history. */
export class DeltaVersionNotFoundError extends Error {
  constructor({ tablePath, detail }: { tablePath: string; detail: string }) {
    super(`Delta table ${tablePath}: ${detail}`);
    this.name = "DeltaVersionNotFoundError";
  }
}

/**
 * A version whose data files were deleted by vacuum: its log is still there, its rows are not. Extends
 * DeltaVersionNotFoundError so callers that already map "no such version" to the caller's time-travel
 * field (asOfVersion, asOfTime, fromVersion) keep doing so; the message names the oldest readable version.
 */
export class DeltaVersionVacuumedError extends DeltaVersionNotFoundError {
  readonly version: number;
  /** The oldest version whose data files are all present; null when not even the latest one is complete. */
  readonly oldestReadableVersion: number | null;
  /** The history before `oldestReadableVersion` was purged (an erasure): its log entries are gone too. */
  readonly purged: boolean;
  constructor({
    tablePath,
    version,
    oldestReadableVersion,
    purged = false,
  }: {
    tablePath: string;
    version: number;
    oldestReadableVersion: number | null;
    purged?: boolean;
  }) {
    super({
      tablePath,
      detail:
        oldestReadableVersion === null
          ? `data files of version ${version} are missing (not even the latest version is complete)`
          : purged
            ? `version ${version} was erased and vacuumed (an erasure removed the history before version ${oldestReadableVersion}: its log entries and data files were deleted); the oldest readable version is ${oldestReadableVersion}`
            : `version ${version} was vacuumed (its data files were deleted); the oldest readable version is ${oldestReadableVersion}`,
    });
    this.name = "DeltaVersionVacuumedError";
    this.version = version;
    this.oldestReadableVersion = oldestReadableVersion;
    this.purged = purged;
  }
}

export class InvalidTablePathError extends Error {
  constructor({ tablePath, reason }: { tablePath: string; reason: string }) {
    super(`Invalid table path ${JSON.stringify(tablePath)}: ${reason}`);
    this.name = "InvalidTablePathError";
  }
}

/** Bad input from the caller: unknown column, bad identifier, missing key column … `field` names what is wrong. */
export class OfflineStoreInputError extends Error {
  readonly field: string;
  constructor({ field, message }: { field: string; message: string }) {
    super(message);
    this.name = "OfflineStoreInputError";
    this.field = field;
  }
}

export class DeltaTableExistsError extends Error {
  constructor({ tablePath }: { tablePath: string }) {
    super(`Delta table already exists: ${tablePath}`);
    this.name = "DeltaTableExistsError";
  }
}

/** Thrown when an AbortSignal fires between steps of a long operation; nothing was committed. */
export class OperationAbortedError extends Error {
  constructor() {
    super("Operation aborted before commit; no data was written");
    this.name = "OperationAbortedError";
  }
}

export const throwIfAborted = (signal?: AbortSignal): void => {
  if (signal?.aborted) throw new OperationAbortedError();
};
