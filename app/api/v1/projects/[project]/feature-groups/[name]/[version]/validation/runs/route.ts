import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { runSuiteOnDemand } from "@/server/validation";

export const POST = route(OPERATIONS.runValidationSuite, async ({ ctx, access, params, body }) =>
  runSuiteOnDemand({ ctx, access, name: params.name, version: params.version, commitVersion: body.commitVersion }),
);
