import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { findFreshness } from "@/server/monitoring";

export const GET = route(OPERATIONS.listFreshness, async ({ access }) => findFreshness({ access }));
