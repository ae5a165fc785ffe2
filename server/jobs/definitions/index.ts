import "server-only";
import type { TJobDefinition } from "../define";
import { ingestJob } from "../../ingest/ingest-job";
import { compactJob, vacuumJob } from "../../maintenance/maintenance-jobs";
import { trainingDatasetJob } from "../../feature-views/training-job";
import { materializeJob, onlineConsistencyCheckJob } from "../../online/online-jobs";

// Every job type the product runs. To add one: write its definition with `defineJob({...})` (in the
// feature's own folder, e.g. server/ingest/ingest-job.ts), import it here and add it to the list. The web
// process (to validate and enqueue) and every worker (to run) read this list, so a type missing here is
// neither accepted nor served.
export const JOB_DEFINITIONS: readonly TJobDefinition[] = [
  ingestJob,
  compactJob,
  vacuumJob,
  materializeJob,
  onlineConsistencyCheckJob,
  trainingDatasetJob,
];
