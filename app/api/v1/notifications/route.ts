import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { listNotifications } from "@/server/sharing";

export const GET = route(OPERATIONS.listNotifications, async ({ ctx }) => listNotifications({ ctx }));
