// The server modules the online benchmark drives (kept in one place so the bench reads like a script).
export {
  createPostgresOnlineStore,
  createRedisOnlineStore,
  toOnlineGroup,
  materializeFeatureGroup,
} from "../server/online";
export { findMaterializableGroup as findMaterializableGroupForBench } from "../server/online/materialize";
