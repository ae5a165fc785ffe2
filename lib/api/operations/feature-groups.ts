import { ZForcedDeleteQuerySchema } from "@/lib/api/lineage";
import { z } from "zod";
import { defineOperation, nameParam, projectParams, ZVersionParamSchema } from "../operation";
import {
  UPLOAD_FORMATS,
  ZAppendFeaturesSchema,
  ZChangesQuerySchema,
  ZCommitSchema,
  ZCreateFeatureGroupSchema,
  ZDeleteRowsSchema,
  ZFeatureGroupListQuerySchema,
  ZFeatureGroupSchema,
  ZInsertSchema,
  ZPreviewQuerySchema,
  ZPreviewSchema,
  ZUpdateFeatureGroupSchema,
  ZUploadSchema,
} from "../feature-groups";
import { ZMaterializeSchema, ZOnlineCheckSchema, ZOnlineRowsSchema } from "../online";
import { ZEnqueuedJobSchema } from "../jobs";

// Feature groups: the catalog, their data (preview, changes, commits), ingestion and the online store.

const P = "/api/v1/projects/{project}";
const FG = `${P}/feature-groups/{name}/{version}`;
const featureGroupParams = projectParams.extend({
  name: nameParam("Feature group"),
  version: ZVersionParamSchema,
});

const ZUploadQuerySchema = z.object({
  fileName: z.string().max(1000).optional().describe("The file's name; its extension names the format"),
  format: z.enum(UPLOAD_FORMATS).optional().describe("Overrides the format the extension names"),
});

const ZOnlineRowsQuerySchema = z.object({
  key: z
    .string()
    .optional()
    .describe(
      'A key: the value of a one-column primary key (key=42), or a JSON object of every key column (key={"card_id":42}). Repeat for several (at most 100).',
    ),
});

export const FEATURE_GROUP_OPERATIONS = {
  listFeatureGroups: defineOperation({
    id: "listFeatureGroups",
    method: "get",
    path: `${P}/feature-groups`,
    summary: "The feature group catalog, filtered and sorted",
    tag: "Feature groups",
    scope: "featureGroups:read",
    params: projectParams,
    query: ZFeatureGroupListQuerySchema,
    response: z.object({ featureGroups: z.array(ZFeatureGroupSchema) }),
    successStatus: 200,
  }),
  createFeatureGroup: defineOperation({
    id: "createFeatureGroup",
    method: "post",
    path: `${P}/feature-groups`,
    summary: "Define a feature group version (its Delta table is created empty)",
    tag: "Feature groups",
    scope: "featureGroups:write",
    params: projectParams,
    body: ZCreateFeatureGroupSchema,
    response: ZFeatureGroupSchema,
    successStatus: 201,
  }),
  getFeatureGroup: defineOperation({
    id: "getFeatureGroup",
    method: "get",
    path: FG,
    summary: "A feature group version with its schema",
    tag: "Feature groups",
    scope: "featureGroups:read",
    params: featureGroupParams,
    response: ZFeatureGroupSchema,
    successStatus: 200,
  }),
  updateFeatureGroup: defineOperation({
    id: "updateFeatureGroup",
    method: "patch",
    path: FG,
    summary: "Edit the description of the group and its features",
    tag: "Feature groups",
    scope: "featureGroups:write",
    params: featureGroupParams,
    body: ZUpdateFeatureGroupSchema,
    response: ZFeatureGroupSchema,
    successStatus: 200,
  }),
  deleteFeatureGroup: defineOperation({
    id: "deleteFeatureGroup",
    method: "delete",
    path: FG,
    summary:
      "Delete a version: its registry entry and its offline data (409 while feature views use it, unless forced by an Owner)",
    tag: "Feature groups",
    scope: "featureGroups:write",
    params: featureGroupParams,
    query: ZForcedDeleteQuerySchema,
    successStatus: 204,
  }),
  appendFeatures: defineOperation({
    id: "appendFeatures",
    method: "post",
    path: `${FG}/features`,
    summary: "Append features (non-breaking schema evolution; old rows read the default)",
    tag: "Feature groups",
    scope: "featureGroups:write",
    params: featureGroupParams,
    body: ZAppendFeaturesSchema,
    response: ZFeatureGroupSchema,
    successStatus: 201,
  }),
  listCommits: defineOperation({
    id: "listCommits",
    method: "get",
    path: `${FG}/commits`,
    summary: "The commit timeline (rows inserted, updated, deleted; who; which job)",
    tag: "Feature groups",
    scope: "featureGroups:read",
    params: featureGroupParams,
    response: z.object({ commits: z.array(ZCommitSchema) }),
    successStatus: 200,
  }),
  previewFeatureGroup: defineOperation({
    id: "previewFeatureGroup",
    method: "get",
    path: `${FG}/preview`,
    summary: "Rows as of the latest commit, a commit (asOfVersion) or a time (asOfTime); filter by key, sort",
    tag: "Feature groups",
    scope: "featureData:read",
    params: featureGroupParams,
    query: ZPreviewQuerySchema,
    response: ZPreviewSchema,
    successStatus: 200,
  }),
  featureGroupChanges: defineOperation({
    id: "featureGroupChanges",
    method: "get",
    path: `${FG}/changes`,
    summary: "Rows changed between two commits, with _change_type",
    tag: "Feature groups",
    scope: "featureData:read",
    params: featureGroupParams,
    query: ZChangesQuerySchema,
    response: z.object({
      fromVersion: z.number(),
      toVersion: z.number(),
      rows: z.array(z.record(z.string(), z.unknown())),
    }),
    successStatus: 200,
  }),
  insertIntoFeatureGroup: defineOperation({
    id: "insertIntoFeatureGroup",
    method: "post",
    path: `${FG}/insert`,
    summary: "Upsert JSON rows or a staged upload; returns the ingest job",
    tag: "Ingestion",
    scope: "featureData:write",
    params: featureGroupParams,
    body: ZInsertSchema,
    response: ZEnqueuedJobSchema,
    successStatus: 202,
  }),
  deleteRows: defineOperation({
    id: "deleteRows",
    method: "post",
    path: `${FG}/delete-rows`,
    summary: "Delete rows by primary key (all event times) as one commit",
    tag: "Ingestion",
    scope: "featureData:write",
    params: featureGroupParams,
    body: ZDeleteRowsSchema,
    response: ZEnqueuedJobSchema,
    successStatus: 202,
  }),
  uploadFile: defineOperation({
    id: "uploadFile",
    method: "post",
    path: `${P}/uploads`,
    summary:
      "Stage a CSV, Parquet or JSON-lines file (request body = the file; ?fileName=); returns its inferred schema",
    tag: "Ingestion",
    scope: "featureData:write",
    params: projectParams,
    query: ZUploadQuerySchema,
    body: z.string().describe("The file's bytes"),
    rawBody: { contentType: "application/octet-stream" },
    response: ZUploadSchema,
    successStatus: 201,
  }),
  materializeFeatureGroup: defineOperation({
    id: "materializeFeatureGroup",
    method: "post",
    path: `${FG}/materialize`,
    summary:
      "Copy the offline store's latest rows to the online store: all keys, an event-time range [start, end), or the keys changed since the last run (incremental); returns the job",
    tag: "Online store",
    scope: "featureData:write",
    params: featureGroupParams,
    body: ZMaterializeSchema,
    response: ZEnqueuedJobSchema,
    successStatus: 202,
  }),
  checkOnlineConsistency: defineOperation({
    id: "checkOnlineConsistency",
    method: "post",
    path: `${FG}/online/check`,
    summary:
      "Compare online values with the latest offline rows (all keys or a sample); the job's result is the report",
    tag: "Online store",
    scope: "jobs:write",
    params: featureGroupParams,
    body: ZOnlineCheckSchema,
    response: ZEnqueuedJobSchema,
    successStatus: 202,
  }),
  readOnlineRows: defineOperation({
    id: "readOnlineRows",
    method: "get",
    path: `${FG}/online/rows`,
    summary: "Online values for keys (debugging; audited as a read of feature values)",
    tag: "Online store",
    scope: "featureData:read",
    params: featureGroupParams,
    query: ZOnlineRowsQuerySchema,
    response: ZOnlineRowsSchema,
    successStatus: 200,
  }),
};
