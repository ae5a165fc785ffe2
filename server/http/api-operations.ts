import "server-only";
import { API_OPERATIONS, type TApiOperation } from "./openapi-operations";
import { FEATURE_GROUP_OPERATIONS } from "./openapi-feature-groups";
import { ONLINE_OPERATIONS } from "./openapi-online";
import { FEATURE_VIEW_OPERATIONS } from "./openapi-feature-views";

// Every /api/v1 operation, by area. An area with its own openapi-<area>.ts list is added here once; the
// OpenAPI document, the API reference page and the cross-project isolation test all read this list.
export const ALL_API_OPERATIONS: TApiOperation[] = [
  ...API_OPERATIONS,
  ...FEATURE_GROUP_OPERATIONS,
  ...ONLINE_OPERATIONS,
  ...FEATURE_VIEW_OPERATIONS,
];
