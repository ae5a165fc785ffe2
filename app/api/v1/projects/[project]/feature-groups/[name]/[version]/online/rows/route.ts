import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { readOnlineRows } from "@/server/online/api";

// `key` repeats: ?key=42&key=43, or ?key={"card_id":42} for any primary key (see docs/online-store.md).
export const GET = route(OPERATIONS.readOnlineRows, async ({ request, ctx, access, params }) =>
  readOnlineRows({
    ctx,
    access,
    name: params.name,
    version: params.version,
    rawKeys: new URL(request.url).searchParams.getAll("key"),
  }),
);
