import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { enqueueSourceIngest } from "@/server/sources";

export const POST = route(OPERATIONS.ingestFromSource, async ({ ctx, access, params }) => ({
  job: await enqueueSourceIngest({ ctx, access, name: params.name, version: params.version }),
}));
