import { defineOperation, nameParam, projectParams } from "../operation";
import { ZDefinitionDiffQuerySchema, ZDefinitionDiffSchema, ZDefinitionHistorySchema } from "../history";

// Definition history of feature groups and views (docs/history.md): every revision of a name across its versions,
// and a side-by-side diff between any two (revisions, versions, or versions at a point in time).

const P = "/api/v1/projects/{project}";
const TAG = "History";
const groupParams = projectParams.extend({ name: nameParam("Feature group") });
const viewParams = projectParams.extend({ name: nameParam("Feature view") });

export const HISTORY_OPERATIONS = {
  getFeatureGroupHistory: defineOperation({
    id: "getFeatureGroupHistory",
    method: "get",
    path: `${P}/feature-groups/{name}/history`,
    summary: "Every change to the feature group's definition, over all its versions (who, when, what)",
    tag: TAG,
    scope: "featureGroups:read",
    params: groupParams,
    response: ZDefinitionHistorySchema,
    successStatus: 200,
  }),
  diffFeatureGroupDefinitions: defineOperation({
    id: "diffFeatureGroupDefinitions",
    method: "get",
    path: `${P}/feature-groups/{name}/diff`,
    summary: "Side-by-side diff of two revisions of the feature group's definition (from=v1&to=v2, r3, v2@<time>)",
    tag: TAG,
    scope: "featureGroups:read",
    params: groupParams,
    query: ZDefinitionDiffQuerySchema,
    response: ZDefinitionDiffSchema,
    successStatus: 200,
  }),
  getFeatureViewHistory: defineOperation({
    id: "getFeatureViewHistory",
    method: "get",
    path: `${P}/feature-views/{name}/history`,
    summary: "Every change to the feature view's definition, over all its versions (who, when, what)",
    tag: TAG,
    scope: "featureViews:read",
    params: viewParams,
    response: ZDefinitionHistorySchema,
    successStatus: 200,
  }),
  diffFeatureViewDefinitions: defineOperation({
    id: "diffFeatureViewDefinitions",
    method: "get",
    path: `${P}/feature-views/{name}/diff`,
    summary: "Side-by-side diff of two revisions of the feature view's definition (joins, filters, transformations)",
    tag: TAG,
    scope: "featureViews:read",
    params: viewParams,
    query: ZDefinitionDiffQuerySchema,
    response: ZDefinitionDiffSchema,
    successStatus: 200,
  }),
};
