import "server-only";

/**
 * Filling the online store (server/online-store) from the offline store. See docs/online-store.md.
 *
 *   writeThroughCommit({ featureGroup, version })           after an ingest commit (server/ingest/run-ingest.ts)
 *   materializeFeatureGroup({ featureGroup, jobId, … })     the `materialize` job's work (resumable)
 *   checkOnlineConsistency({ featureGroup, sample? })       the `online-consistency-check` job's work
 *   enqueueMaterialization / enqueueConsistencyCheck / readOnlineRows   the REST API's services
 *   enqueueOnlineRebuilds()                                  at worker start: rebuild rows an older codec wrote
 */

export { materializeFeatureGroup } from "./materialize";
export { checkOnlineConsistency } from "./consistency-check";

export { enqueueOnlineRebuilds } from "./upgrade";
