import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { getShareImpact } from "@/server/sharing";

export const GET = route(OPERATIONS.getShareImpact, async ({ access, params }) =>
  getShareImpact({ access, shareId: params.shareId }),
);
