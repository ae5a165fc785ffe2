import "server-only";
import type { TFeatureType } from "@/lib/api/feature-groups";
import type { TOnlineValue } from "@/lib/api/online";

export type { TOnlineValue };

/** What the online store needs to know of a feature group version (built from the registry row). */
export type TOnlineGroup = {
  id: string;
  projectId: string;
  primaryKey: string[];
  eventTime: string | null;
  ttlSeconds: number | null;
  /** Every feature, in schema order (primary-key columns included). */
  features: { name: string; type: TFeatureType }[];
  /**
   * The codec version (codec.ts ONLINE_CODEC_VERSION) the group's online rows were written with; older rows are
   * not served. Registry rows always carry it (toOnlineGroup); absent only in groups built by hand (tests, benches).
   */
  onlineCodecVersion?: number;
};

/**
 * A row to write, in canonical text (see codec.ts): the primary-key values, the event time in epoch
 * microseconds (0 when the group has no event time: last write wins), and the other features' values
 * aligned with `valueFeatures(group)` (null = SQL NULL).
 */
export type TOnlineWriteRow = { key: string[]; eventTimeUs: number; values: (string | null)[] };

/** A row read back: its event time and its non-key feature values, decoded. */
export type TOnlineReadRow = { eventTimeUs: number; values: Record<string, TOnlineValue> };

export type TOnlineReadRequest = { group: TOnlineGroup; keys: string[][] };

type TOnlineStoreKind = "redis" | "postgres";

/**
 * The online store: the latest row per primary key of each online-enabled feature group.
 * Every write is latest-wins by event time: a row never replaces one with a newer event time, however late it
 * arrives (ties: the later write wins, so re-ingesting a corrected row at the same event time updates it).
 * Keys are canonical text (codec.ts `canonicalKey`), so the serving path does no type lookups.
 */
/**
 * The order in which a store takes bulk lines best: Redis by bucket (a batch lands in a few hashes), PostgreSQL by
 * primary key (rows arrive at the right edge of the key's index: 75 k rows/s, against 46 k in bucket order).
 */
export type TWriteOrder = "bucket" | "key";

export type TOnlineStore = {
  kind: TOnlineStoreKind;
  writeOrder: TWriteOrder;
  /** Creates whatever the group needs (PostgreSQL: its table, new columns after schema evolution). Idempotent. */
  ensure: (params: { group: TOnlineGroup }) => Promise<void>;
  /** Removes all of the group's online data. Idempotent. */
  drop: (params: { group: TOnlineGroup }) => Promise<void>;
  /**
   * Removes every row of the group but keeps what `ensure` made (PostgreSQL: its table, which other processes
   * remember as created), so writes from other processes go on working: what a rebuild starts with.
   */
  clear: (params: { group: TOnlineGroup }) => Promise<void>;
  /** Latest-wins upsert; returns how many rows were accepted (not superseded by a newer stored row). */
  upsertRows: (params: { group: TOnlineGroup; rows: TOnlineWriteRow[] }) => Promise<number>;
  /**
   * The same, for rows in the bulk line format (codec.ts encodeLine), one per line of `text`: what
   * materialization and write-through stream out of DuckDB, so the Redis store can pass them on unparsed.
   */
  upsertLines: (params: { group: TOnlineGroup; text: string }) => Promise<number>;
  deleteKeys: (params: { group: TOnlineGroup; keys: string[][] }) => Promise<void>;
  /** Rows for keys, aligned with `keys`: null when absent or older than the group's TTL at `now`. */
  getRows: (params: { group: TOnlineGroup; keys: string[][]; now?: number }) => Promise<(TOnlineReadRow | null)[]>;
  /**
   * Several groups' rows in one round trip (Redis: one pipeline; PostgreSQL: one query per group, sent together):
   * what the feature server uses to assemble vectors. Result i is aligned with requests[i].keys.
   */
  getRowsMulti: (params: { requests: TOnlineReadRequest[]; now?: number }) => Promise<(TOnlineReadRow | null)[][]>;
  /**
   * What the group holds: its keys (rows) and the bytes the store spends on them (Redis: MEMORY USAGE of its hashes;
   * PostgreSQL: the table's total relation size). For usage reports (docs/usage.md); optional for test doubles.
   */
  measure?: (params: { group: TOnlineGroup }) => Promise<{ keys: number; bytes: number }>;
  /** One round trip to the store (the feature server's /health). Optional so test doubles need not have it. */
  ping?: () => Promise<void>;
  close: () => Promise<void>;
};
