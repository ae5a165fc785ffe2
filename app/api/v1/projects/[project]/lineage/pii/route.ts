import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { getPiiFlow } from "@/server/lineage";

export const GET = route(OPERATIONS.getPiiFlow, async ({ access, query }) => getPiiFlow({ access, query }));
