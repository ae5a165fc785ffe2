import "server-only";
import type { TJobContract } from "../define";
import { backtestJobContract } from "./backtests";
import { ingestJobContract } from "./ingest";
import { compactJobContract, sweepLeftoversJobContract, vacuumJobContract } from "./maintenance";
import { materializeJobContract, onlineConsistencyCheckJobContract } from "./online";
import { servedVectorsJobContract } from "./serving";
import { sourceIngestJobContract } from "./sources";
import { statisticsJobContract } from "./statistics";
import { freshnessCheckJobContract, monitorRunJobContract, webhookDeliveryJobContract } from "./monitoring";
import { trainingDatasetJobContract } from "./training";
import { validationJobContract } from "./validation";
import { erasureJobContract } from "./erasure";
import { usageJobContract } from "./usage";

// The job catalog: every job type the product knows, as contracts only. To add a type: write its contract here
// (one file per area), add it to the list, write its runner in the domain that does the work and add the runner
// to server/jobs/worker-runners.ts. The web process validates, enqueues and schedules from this list; a type
// missing here is neither accepted nor served. Nothing in this folder imports a domain room.
export const JOB_CATALOG: readonly TJobContract[] = [
  ingestJobContract,
  compactJobContract,
  vacuumJobContract,
  sweepLeftoversJobContract,
  materializeJobContract,
  onlineConsistencyCheckJobContract,
  trainingDatasetJobContract,
  statisticsJobContract,
  servedVectorsJobContract,
  monitorRunJobContract,
  webhookDeliveryJobContract,
  freshnessCheckJobContract,
  sourceIngestJobContract,
  validationJobContract,
  backtestJobContract,
  erasureJobContract,
  usageJobContract,
];

export { backtestJobContract, type TBacktestPayload } from "./backtests";
export { ingestJobContract } from "./ingest";
export { compactJobContract, sweepLeftoversJobContract, vacuumJobContract } from "./maintenance";
export { materializeJobContract, onlineConsistencyCheckJobContract } from "./online";
export { trainingDatasetJobContract } from "./training";
export { statisticsJobContract } from "./statistics";
export { servedVectorsJobContract } from "./serving";
export { freshnessCheckJobContract, monitorRunJobContract, webhookDeliveryJobContract } from "./monitoring";
export { sourceIngestJobContract } from "./sources";
export { validationJobContract } from "./validation";
export { erasureJobContract } from "./erasure";
export { usageJobContract } from "./usage";
