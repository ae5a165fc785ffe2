import "server-only";

// Erasure of an entity's data ("right to be forgotten", docs/erasure.md): what routes may use. The job's runner is
// ./erasure-job.ts, listed by the worker's entry (server/jobs/worker-runners.ts).
export {
  adminCreateErasureRequest,
  closeErasureRequest,
  createErasureRequest,
  downloadErasureReport,
  getErasureRequest,
  listErasureRequests,
} from "./requests";
