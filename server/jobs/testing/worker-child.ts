import "server-only";
import { startWorker } from "../worker";
import { registerTestJobDefinitions } from "./test-definitions";

// A worker in its own process, for the crash test: it serves the given types and says "ready" on stdout.
// The test SIGKILLs it mid-job. Run with `node --conditions=react-server --import tsx`.
registerTestJobDefinitions();
const types = (process.argv[2] ?? "test.crashable").split(",");
startWorker({ types, superviseIntervalSeconds: 1, schedules: false })
  .then(() => console.log("ready"))
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
