import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { deleteRowsByKey } from "@/server/ingest/insert";

export const POST = route(OPERATIONS.deleteRows, async ({ ctx, access, params, body }) =>
  deleteRowsByKey({ ctx, access, name: params.name, version: params.version, keys: body.keys }),
);
