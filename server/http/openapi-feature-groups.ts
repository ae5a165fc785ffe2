import "server-only";
import { z } from "zod";
import {
  ZAppendFeaturesSchema,
  ZCommitSchema,
  ZCreateFeatureGroupSchema,
  ZDeleteRowsSchema,
  ZFeatureGroupListQuerySchema,
  ZFeatureGroupSchema,
  ZInsertSchema,
  ZPreviewSchema,
  ZUpdateFeatureGroupSchema,
  ZUploadSchema,
  ZAsOfQuerySchema,
  ZChangesQuerySchema,
} from "@/lib/api/feature-groups";
import type { TApiOperation } from "./openapi-operations";

const P = "/api/v1/projects/{project}";
const FG = `${P}/feature-groups/{name}/{version}`;
const ZEnqueuedSchema = z.object({ job: z.object({ id: z.string(), status: z.string(), type: z.string() }).passthrough() }).meta({ id: "EnqueuedJob" });

export const FEATURE_GROUP_OPERATIONS: TApiOperation[] = [
  { id: "listFeatureGroups", method: "get", path: `${P}/feature-groups`, summary: "The feature group catalog, filtered and sorted", tag: "Feature groups", scope: "featureGroups:read", query: ZFeatureGroupListQuerySchema, response: z.object({ featureGroups: z.array(ZFeatureGroupSchema) }) },
  { id: "createFeatureGroup", method: "post", path: `${P}/feature-groups`, summary: "Define a feature group version (its Delta table is created empty)", tag: "Feature groups", scope: "featureGroups:write", body: ZCreateFeatureGroupSchema, response: ZFeatureGroupSchema },
  { id: "getFeatureGroup", method: "get", path: FG, summary: "A feature group version with its schema", tag: "Feature groups", scope: "featureGroups:read", response: ZFeatureGroupSchema },
  { id: "updateFeatureGroup", method: "patch", path: FG, summary: "Edit the description of the group and its features", tag: "Feature groups", scope: "featureGroups:write", body: ZUpdateFeatureGroupSchema, response: ZFeatureGroupSchema },
  { id: "deleteFeatureGroup", method: "delete", path: FG, summary: "Delete a version: its registry entry and its offline data", tag: "Feature groups", scope: "featureGroups:write", successStatus: 204 },
  { id: "appendFeatures", method: "post", path: `${FG}/features`, summary: "Append features (non-breaking schema evolution; old rows read the default)", tag: "Feature groups", scope: "featureGroups:write", body: ZAppendFeaturesSchema, response: ZFeatureGroupSchema },
  { id: "listCommits", method: "get", path: `${FG}/commits`, summary: "The commit timeline (rows inserted, updated, deleted; who; which job)", tag: "Feature groups", scope: "featureGroups:read", response: z.object({ commits: z.array(ZCommitSchema) }) },
  { id: "previewFeatureGroup", method: "get", path: `${FG}/preview`, summary: "Rows as of the latest commit, a commit (asOfVersion) or a time (asOfTime)", tag: "Feature groups", scope: "featureData:read", query: ZAsOfQuerySchema, response: ZPreviewSchema },
  { id: "featureGroupChanges", method: "get", path: `${FG}/changes`, summary: "Rows changed between two commits, with _change_type", tag: "Feature groups", scope: "featureData:read", query: ZChangesQuerySchema, response: z.object({ fromVersion: z.number(), toVersion: z.number(), rows: z.array(z.record(z.string(), z.unknown())) }) },
  { id: "insertIntoFeatureGroup", method: "post", path: `${FG}/insert`, summary: "Upsert JSON rows or a staged upload; returns the ingest job", tag: "Ingestion", scope: "featureData:write", body: ZInsertSchema, response: ZEnqueuedSchema, successStatus: 202 },
  { id: "deleteRows", method: "post", path: `${FG}/delete-rows`, summary: "Delete rows by primary key (all event times) as one commit", tag: "Ingestion", scope: "featureData:write", body: ZDeleteRowsSchema, response: ZEnqueuedSchema, successStatus: 202 },
  { id: "uploadFile", method: "post", path: `${P}/uploads`, summary: "Stage a CSV, Parquet or JSON-lines file (request body = the file; ?fileName=); returns its inferred schema", tag: "Ingestion", scope: "featureData:write", body: z.string().describe("The file's bytes"), bodyContentType: "application/octet-stream", response: ZUploadSchema },
];
