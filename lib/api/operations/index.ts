import type { TOperation } from "../operation";
import { FEATURE_GROUP_OPERATIONS } from "./feature-groups";
import { DATA_SOURCE_OPERATIONS } from "./data-sources";
import { FEATURE_VIEW_OPERATIONS } from "./feature-views";
import { HISTORY_OPERATIONS } from "./history";
import { JOB_OPERATIONS } from "./jobs";
import { MONITORING_OPERATIONS } from "./monitoring";
import { BACKTEST_OPERATIONS } from "./backtests";
import { LINEAGE_OPERATIONS } from "./lineage";
import { MODEL_OPERATIONS } from "./models";
import { PROJECT_OPERATIONS } from "./projects";
import { SHARING_OPERATIONS } from "./sharing";
import { DISCOVERY_OPERATIONS } from "./discovery";
import { SERVING_OBSERVABILITY_OPERATIONS } from "./serving-observability";
import { STATISTICS_OPERATIONS } from "./statistics";
import { TAG_OPERATIONS } from "./tags";
import { DOCUMENT_OPERATIONS, USER_OPERATIONS } from "./users";
import { ERASURE_OPERATIONS } from "./erasure";
import { VALIDATION_OPERATIONS } from "./validation";
import { USAGE_OPERATIONS } from "./usage";

// Every /api/v1 operation, keyed by id, in the order the API reference lists them. A new area declares its
// operations in its own file here and spreads them in once; route files, the OpenAPI document, the isolation
// test and the role × route test all read this registry.
export const OPERATIONS = {
  ...USER_OPERATIONS,
  ...PROJECT_OPERATIONS,
  ...JOB_OPERATIONS,
  ...FEATURE_GROUP_OPERATIONS,
  ...VALIDATION_OPERATIONS,
  ...FEATURE_VIEW_OPERATIONS,
  ...SERVING_OBSERVABILITY_OPERATIONS,
  ...HISTORY_OPERATIONS,
  ...MODEL_OPERATIONS,
  ...DATA_SOURCE_OPERATIONS,
  ...TAG_OPERATIONS,
  ...STATISTICS_OPERATIONS,
  ...MONITORING_OPERATIONS,
  ...BACKTEST_OPERATIONS,
  ...LINEAGE_OPERATIONS,
  ...ERASURE_OPERATIONS,
  ...SHARING_OPERATIONS,
  ...DISCOVERY_OPERATIONS,
  ...USAGE_OPERATIONS,
  ...DOCUMENT_OPERATIONS,
};

export type TOperationId = keyof typeof OPERATIONS;

/** The registry as a list, each operation checked against the shape every consumer expects. */
export const OPERATION_LIST: readonly TOperation[] = Object.values(OPERATIONS) satisfies TOperation[];
