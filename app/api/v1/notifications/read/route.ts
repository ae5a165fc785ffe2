import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { markNotificationsRead } from "@/server/sharing";

export const POST = route(OPERATIONS.markNotificationsRead, async ({ ctx }) => markNotificationsRead({ ctx }));
