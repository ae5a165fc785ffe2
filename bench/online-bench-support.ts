// The server modules the online benchmark drives (kept in one place so the bench reads like a script).
export { createPostgresOnlineStore, createRedisOnlineStore, toOnlineGroup } from "../server/online-store";
export { materializeFeatureGroup } from "../server/online";
export { findMaterializableGroup as findMaterializableGroupForBench } from "../server/online/materialize";
