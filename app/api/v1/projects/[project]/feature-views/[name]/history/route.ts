import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { getDefinitionHistory } from "@/server/registry/definition-history";

export const GET = route(OPERATIONS.getFeatureViewHistory, async ({ access, params }) =>
  getDefinitionHistory({ access, kind: "featureView", name: params.name }),
);
