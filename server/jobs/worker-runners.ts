import "server-only";
import type { TJobRunner } from "./define";
import { ingestJobRunner } from "../ingest/ingest-job";
import { compactJobRunner, vacuumJobRunner } from "../maintenance/maintenance-jobs";
import { sweepLeftoversJobRunner } from "../maintenance/sweep-job";
import { trainingDatasetJobRunner } from "../feature-views/training-job";
import { statisticsJobRunner } from "../stats/statistics-job";
import { servedVectorsJobRunner } from "../serving/served-vectors-job";
import { freshnessCheckJobRunner, monitorRunJobRunner, webhookDeliveryJobRunner } from "../monitoring/monitoring-jobs";
import { materializeJobRunner, onlineConsistencyCheckJobRunner } from "../online/online-jobs";
import { sourceIngestJobRunner } from "../sources/source-ingest-job";
import { validationJobRunner } from "../validation/validation-job";
import { backtestJobRunner } from "../backtests/backtest-job";
import { erasureJobRunner } from "../erasure/erasure-job";
import { usageJobRunner } from "../usage/usage-job";

// The runners a product worker serves, one per contract in the catalog (a test holds the two lists equal).
// A composition root, like worker-main.ts: the only module of this folder that imports the domains, and only
// the worker's entry and tests import it — never the web process (.dependency-cruiser.cjs holds both rules).
export const WORKER_RUNNERS: readonly TJobRunner[] = [
  ingestJobRunner,
  compactJobRunner,
  vacuumJobRunner,
  sweepLeftoversJobRunner,
  materializeJobRunner,
  onlineConsistencyCheckJobRunner,
  trainingDatasetJobRunner,
  statisticsJobRunner,
  servedVectorsJobRunner,
  monitorRunJobRunner,
  webhookDeliveryJobRunner,
  freshnessCheckJobRunner,
  sourceIngestJobRunner,
  validationJobRunner,
  backtestJobRunner,
  erasureJobRunner,
  usageJobRunner,
];
