import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { diffDefinitionRevisions } from "@/server/registry/definition-history";

export const GET = route(OPERATIONS.diffFeatureViewDefinitions, async ({ access, params, query }) =>
  diffDefinitionRevisions({ access, kind: "featureView", name: params.name, from: query.from, to: query.to }),
);
