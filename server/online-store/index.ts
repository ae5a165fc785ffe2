import "server-only";

/**
 * The online store: the latest row per primary key of online-enabled feature groups, in Redis (when REDIS_URL is
 * set) or in PostgreSQL tables (schema larder_online). Sealed like the offline store: it imports only the floor, so
 * the registry (which prepares and drops a group's online objects) and every room above can use it.
 * See docs/online-store.md.
 *
 *   getOnlineStore() → TOnlineStore { ensure, drop, upsertRows, upsertLines, deleteKeys, getRows, getRowsMulti, close }
 *   createRedisOnlineStore({ url, keyPrefix? }), createPostgresOnlineStore({ connectionString, schema? })
 *   canonicalKeyValue(type, value), encodeKey(key), …      keys and values as the stores hold them (codec.ts)
 *   initOnlineFeatureGroup / dropOnlineFeatureGroup          a group's online objects, created and dropped
 *
 * Filling it (materialization, write-through after an ingest, the consistency check) is server/online's work.
 */

export type { TOnlineGroup, TOnlineStore, TOnlineReadRow, TOnlineReadRequest, TWriteOrder } from "./types";
export { getOnlineStore, setOnlineStore, closeOnlineStore, toOnlineGroup } from "./store";
export { createRedisOnlineStore } from "./redis-store";
export { createPostgresOnlineStore } from "./postgres-store";
export {
  BUCKET_HEX_DIGITS,
  bucketOf,
  canonicalKeyValue,
  decodeKey,
  decodeRow,
  decodeValue,
  encodeKey,
  encodeLine,
  isExpired,
  isoFromMicros,
  hasCurrentCodec,
  ONLINE_CODEC_VERSION,
  KEY_ESCAPES,
  keyFeatures,
  lineKey,
  parseLines,
  valueFeatures,
} from "./codec";
export { initOnlineFeatureGroup, dropOnlineFeatureGroup } from "./lifecycle";
