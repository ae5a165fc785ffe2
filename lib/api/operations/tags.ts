import { z } from "zod";
import type { TScope } from "../../scopes";
import { defineOperation, nameParam, noParams, projectParams, ZVersionParamSchema } from "../operation";
import { ZSearchQuerySchema, ZSearchResponseSchema } from "../search";
import {
  ZCreateTagSchemaSchema,
  ZLabelsSchema,
  ZPutLabelsSchema,
  ZTagSchemaListSchema,
  ZTagSchemaSchema,
} from "../tags";

// Tag schemas (platform administrators), the tags and keywords of each artifact, and the catalog search.

const P = "/api/v1/projects/{project}";
const versioned = (title: string) => projectParams.extend({ name: nameParam(title), version: ZVersionParamSchema });
const featureGroupParams = versioned("Feature group");
const featureParams = featureGroupParams.extend({ feature: nameParam("Feature") });

type TLabelScopes = { read: TScope; write: TScope };
const GROUP_SCOPES = { read: "featureGroups:read", write: "featureGroups:write" } as const;
const VIEW_SCOPES = { read: "featureViews:read", write: "featureViews:write" } as const;
const DATASET_SCOPES = { read: "trainingDatasets:read", write: "trainingDatasets:write" } as const;
const MODEL_SCOPES = { read: "models:read", write: "models:write" } as const;
const SOURCE_SCOPES = { read: "dataSources:read", write: "dataSources:write" } as const;

/** `get<Kind>Tags` and `put<Kind>Tags`: read and replace the tags of one kind of object at `<at>/tags`. */
const labelOperations = <const K extends string, const Pa extends z.ZodObject>(
  kind: K,
  what: string,
  at: string,
  params: Pa,
  scope: TLabelScopes,
) => {
  const shared = { path: `${at}/tags`, tag: "Tags", params, response: ZLabelsSchema, successStatus: 200 } as const;
  return {
    [`get${kind}Tags`]: defineOperation({
      ...shared,
      id: `get${kind}Tags`,
      method: "get",
      summary: `The tags and keywords of a ${what}, who set each tag and when`,
      scope: scope.read,
    }),
    [`put${kind}Tags`]: defineOperation({
      ...shared,
      id: `put${kind}Tags`,
      method: "put",
      summary: `Replace the tags (validated against their schemas) and keywords of a ${what} (audited)`,
      scope: scope.write,
      body: ZPutLabelsSchema,
    }),
  } as { [I in `get${K}Tags`]: typeof shared & { id: I; method: "get"; summary: string; scope: TScope } } & {
    [I in `put${K}Tags`]: typeof shared & {
      id: I;
      method: "put";
      summary: string;
      scope: TScope;
      body: typeof ZPutLabelsSchema;
    };
  };
};

const FG = `${P}/feature-groups/{name}/{version}`;

export const TAG_OPERATIONS = {
  listTagSchemas: defineOperation({
    id: "listTagSchemas",
    method: "get",
    path: "/api/v1/tag-schemas",
    summary: "Every tag schema version (the built-in pii among them)",
    tag: "Tags",
    auth: "user",
    allowsApiKey: true,
    params: noParams,
    response: ZTagSchemaListSchema,
    successStatus: 200,
  }),
  createTagSchema: defineOperation({
    id: "createTagSchema",
    method: "post",
    path: "/api/v1/tag-schemas",
    summary: "Define a tag schema version (administrators); an existing version never changes (409)",
    tag: "Tags",
    auth: "admin",
    params: noParams,
    body: ZCreateTagSchemaSchema,
    response: ZTagSchemaSchema,
    successStatus: 201,
  }),
  ...labelOperations("FeatureGroup", "feature group", FG, featureGroupParams, GROUP_SCOPES),
  ...labelOperations("Feature", "feature", `${FG}/features/{feature}`, featureParams, GROUP_SCOPES),
  ...labelOperations(
    "FeatureView",
    "feature view",
    `${P}/feature-views/{name}/{version}`,
    versioned("Feature view"),
    VIEW_SCOPES,
  ),
  ...labelOperations(
    "TrainingDataset",
    "training dataset",
    `${P}/training-datasets/{name}/{version}`,
    versioned("Training dataset"),
    DATASET_SCOPES,
  ),
  ...labelOperations("Model", "model", `${P}/models/{name}/{version}`, versioned("Model"), MODEL_SCOPES),
  ...labelOperations(
    "DataSource",
    "data source",
    `${P}/data-sources/{name}`,
    projectParams.extend({ name: nameParam("Data source") }),
    SOURCE_SCOPES,
  ),
  search: defineOperation({
    id: "search",
    method: "get",
    path: "/api/v1/search",
    summary:
      'Search the catalog of every project you belong to: words, "phrases", tag:pii, pii.category:email, project:, type:, kind:, owner:, online:',
    tag: "Search",
    auth: "user",
    allowsApiKey: true,
    params: noParams,
    query: ZSearchQuerySchema,
    response: ZSearchResponseSchema,
    successStatus: 200,
  }),
};
