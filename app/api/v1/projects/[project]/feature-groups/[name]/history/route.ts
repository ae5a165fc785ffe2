import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { getDefinitionHistory } from "@/server/registry/definition-history";

export const GET = route(OPERATIONS.getFeatureGroupHistory, async ({ access, params }) =>
  getDefinitionHistory({ access, kind: "featureGroup", name: params.name }),
);
