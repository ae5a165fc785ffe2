import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { exportOpenLineage } from "@/server/lineage";

export const GET = route(OPERATIONS.getOpenLineage, async ({ access }) => exportOpenLineage({ access }));
