import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { diffDefinitionRevisions } from "@/server/registry/definition-history";

export const GET = route(OPERATIONS.diffFeatureGroupDefinitions, async ({ access, params, query }) =>
  diffDefinitionRevisions({ access, kind: "featureGroup", name: params.name, from: query.from, to: query.to }),
);
