import { z } from "zod";
import { defineOperation, nameParam, projectParams, ZVersionParamSchema } from "../operation";
import {
  ZDeidentifyEdgeSchema,
  ZLineageGraphSchema,
  ZLineageImpactSchema,
  ZLineageParentsSchema,
  ZLineageQuerySchema,
  ZLineageTargetSchema,
  ZOpenLineageExportSchema,
  ZPiiFlowQuerySchema,
  ZPiiFlowSchema,
} from "../lineage";

// Lineage (docs/lineage.md): the graph around an artifact, impact analysis, where PII goes, OpenLineage export.
// Reading lineage is metadata (project:read): nodes are named through each kind's `…Where` helper.

const P = "/api/v1/projects/{project}";
const TAG = "Lineage";

export const LINEAGE_OPERATIONS = {
  getLineage: defineOperation({
    id: "getLineage",
    method: "get",
    path: `${P}/lineage`,
    summary: "The lineage graph around an artifact: upstream and downstream to a depth, columns, PII, status",
    tag: TAG,
    scope: "project:read",
    params: projectParams,
    query: ZLineageQuerySchema,
    response: ZLineageGraphSchema,
    successStatus: 200,
  }),
  getLineageImpact: defineOperation({
    id: "getLineageImpact",
    method: "get",
    path: `${P}/lineage/impact`,
    summary: "What depends on an artifact (derived groups, views, datasets, models) and its recent reads",
    tag: TAG,
    scope: "project:read",
    params: projectParams,
    query: ZLineageTargetSchema,
    response: ZLineageImpactSchema,
    successStatus: 200,
  }),
  getPiiFlow: defineOperation({
    id: "getPiiFlow",
    method: "get",
    path: `${P}/lineage/pii`,
    summary: "Where PII goes: every column, dataset and model a PII feature reaches, and who read it",
    tag: TAG,
    scope: "audit:read",
    params: projectParams,
    query: ZPiiFlowQuerySchema,
    response: ZPiiFlowSchema,
    successStatus: 200,
  }),
  getOpenLineage: defineOperation({
    id: "getOpenLineage",
    method: "get",
    path: `${P}/lineage/openlineage`,
    summary: "The project's lineage as OpenLineage run events (one per job that produced an artifact)",
    tag: TAG,
    scope: "project:read",
    params: projectParams,
    response: ZOpenLineageExportSchema,
    successStatus: 200,
  }),
  putLineageParents: defineOperation({
    id: "putLineageParents",
    method: "put",
    path: `${P}/feature-groups/{name}/{version}/lineage/parents`,
    summary: "Declare the feature groups a derived group is computed from (cycles refused)",
    tag: TAG,
    scope: "featureGroups:write",
    params: projectParams.extend({ name: nameParam("Feature group"), version: ZVersionParamSchema }),
    body: ZLineageParentsSchema,
    response: ZLineageParentsSchema,
    successStatus: 200,
  }),
  putLineageEdgeDeidentifying: defineOperation({
    id: "putLineageEdgeDeidentifying",
    method: "put",
    path: `${P}/lineage/edges/{edge}/deidentifying`,
    summary: "Mark an edge as de-identifying (hashed, aggregated …) with a reason: PII stops there (audited)",
    tag: TAG,
    scope: "lineage:override",
    params: projectParams.extend({
      edge: z
        .string()
        .regex(/^[0-9]{1,18}$/)
        .meta({ title: "Lineage edge", description: "The edge's id" }),
    }),
    body: ZDeidentifyEdgeSchema,
    response: z.object({ id: z.string(), deidentifying: z.boolean(), reason: z.string().nullable() }),
    successStatus: 200,
  }),
};
