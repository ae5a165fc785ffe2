import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { listProjectAccessRequests } from "@/server/sharing";

export const GET = route(OPERATIONS.listAccessRequests, async ({ access }) => listProjectAccessRequests({ access }));
