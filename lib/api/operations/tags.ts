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

/** The read and replace operations of one artifact kind's tags, under `path`, with that kind's scopes. */
const labelOperations = <const R extends string, const W extends string, const Pa extends z.ZodObject>(ids: {
  read: R;
  write: W;
  path: string;
  what: string;
  params: Pa;
  scope: { read: TScope; write: TScope };
}) =>
  ({
    [ids.read]: defineOperation({
      id: ids.read,
      method: "get",
      path: ids.path,
      summary: `The tags and keywords of a ${ids.what}, who set each tag and when`,
      tag: "Tags",
      scope: ids.scope.read,
      params: ids.params,
      response: ZLabelsSchema,
      successStatus: 200,
    }),
    [ids.write]: defineOperation({
      id: ids.write,
      method: "put",
      path: ids.path,
      summary: `Replace the tags (validated against their schemas) and keywords of a ${ids.what} (audited)`,
      tag: "Tags",
      scope: ids.scope.write,
      params: ids.params,
      body: ZPutLabelsSchema,
      response: ZLabelsSchema,
      successStatus: 200,
    }),
  }) as {
    [K in R | W]: {
      id: K;
      method: K extends R ? "get" : "put";
      path: string;
      summary: string;
      tag: string;
      scope: TScope;
      params: Pa;
      body: K extends R ? undefined : typeof ZPutLabelsSchema;
      response: typeof ZLabelsSchema;
      successStatus: 200;
    };
  };

const GROUP_SCOPES = { read: "featureGroups:read", write: "featureGroups:write" } as const;

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
  ...labelOperations({
    read: "getFeatureGroupTags",
    write: "putFeatureGroupTags",
    path: `${P}/feature-groups/{name}/{version}/tags`,
    what: "feature group",
    params: featureGroupParams,
    scope: GROUP_SCOPES,
  }),
  ...labelOperations({
    read: "getFeatureTags",
    write: "putFeatureTags",
    path: `${P}/feature-groups/{name}/{version}/features/{feature}/tags`,
    what: "feature",
    params: featureParams,
    scope: GROUP_SCOPES,
  }),
  ...labelOperations({
    read: "getFeatureViewTags",
    write: "putFeatureViewTags",
    path: `${P}/feature-views/{name}/{version}/tags`,
    what: "feature view",
    params: versioned("Feature view"),
    scope: { read: "featureViews:read", write: "featureViews:write" },
  }),
  ...labelOperations({
    read: "getTrainingDatasetTags",
    write: "putTrainingDatasetTags",
    path: `${P}/training-datasets/{name}/{version}/tags`,
    what: "training dataset",
    params: versioned("Training dataset"),
    scope: { read: "trainingDatasets:read", write: "trainingDatasets:write" },
  }),
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
