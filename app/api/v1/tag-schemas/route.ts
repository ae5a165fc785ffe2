import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { createTagSchema, listTagSchemas } from "@/server/tags";

export const GET = route(OPERATIONS.listTagSchemas, async () => listTagSchemas());

export const POST = route(OPERATIONS.createTagSchema, async ({ ctx, body }) => createTagSchema({ ctx, input: body }));
