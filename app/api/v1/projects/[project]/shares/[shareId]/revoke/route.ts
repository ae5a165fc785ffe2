import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { revokeShare } from "@/server/sharing";

export const POST = route(OPERATIONS.revokeShare, async ({ ctx, access, params }) =>
  revokeShare({ ctx, access, shareId: params.shareId }),
);
