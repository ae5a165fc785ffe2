import "server-only";

/**
 * Online store: the latest row per primary key of online-enabled feature groups, in Redis (when REDIS_URL is set)
 * or in PostgreSQL tables (schema larder_online). See docs/online-store.md.
 *
 *   getOnlineStore() → TOnlineStore { ensure, drop, upsertRows, upsertLines, deleteKeys, getRows, getRowsMulti, close }
 *   createRedisOnlineStore({ url, keyPrefix? }), createPostgresOnlineStore({ connectionString, schema? })
 *   canonicalKeyValue(type, value), encodeKey(key)           keys as the stores expect them
 *   writeThroughCommit({ featureGroup, version })           after an ingest commit (server/ingest/run-ingest.ts)
 *   materializeFeatureGroup({ featureGroup, jobId, … })     the `materialize` job's work (resumable)
 *   checkOnlineConsistency({ featureGroup, sample? })       the `online-consistency-check` job's work
 *   initOnlineFeatureGroup / dropOnlineFeatureGroup          registry lifecycle hooks
 *   enqueueOnlineRebuilds()                                  at worker start: rebuild rows an older codec wrote
 *   isExpired, isoFromMicros                                 TTL and event-time text, shared with the feature server
 */

export type {
  TOnlineGroup,
  TOnlineStore,
  TOnlineWriteRow,
  TOnlineReadRow,
  TOnlineReadRequest,
  TOnlineStoreKind,
} from "./types";
export { getOnlineStore, setOnlineStore, closeOnlineStore, toOnlineGroup } from "./store";
export { createRedisOnlineStore } from "./redis-store";
export { createPostgresOnlineStore, DEFAULT_ONLINE_SCHEMA } from "./postgres-store";
export {
  canonicalKeyValue,
  encodeKey,
  decodeValue,
  valueFeatures,
  keyFeatures,
  isExpired,
  isoFromMicros,
  ONLINE_CODEC_VERSION,
} from "./codec";
export { writeThroughCommit } from "./write-through";
export { materializeFeatureGroup, DEFAULT_CHUNK_ROWS, type TMaterializeResult } from "./materialize";
export { checkOnlineConsistency } from "./consistency-check";
export { initOnlineFeatureGroup, dropOnlineFeatureGroup } from "./lifecycle";
export { enqueueMaterialization, enqueueConsistencyCheck, readOnlineRows } from "./api";
export { materializeJob, onlineConsistencyCheckJob } from "./online-jobs";
export { enqueueOnlineRebuilds } from "./upgrade";
