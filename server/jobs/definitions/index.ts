import "server-only";
import type { TJobDefinition } from "../define";

// Every job type the product runs. To add one: write server/jobs/definitions/<type>.ts exporting
// `defineJob({...})`, import it here and add it to the list. The web process (to validate and enqueue) and
// every worker (to run) read this list, so a type missing here is neither accepted nor served.
export const JOB_DEFINITIONS: readonly TJobDefinition[] = [];
