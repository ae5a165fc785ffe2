import { defineOperation, idParam, projectParams } from "../operation";
import {
  ZCreateShareSchema,
  ZRevokedShareSchema,
  ZShareImpactSchema,
  ZShareListSchema,
  ZShareSchema,
} from "../sharing";

// Sharing between projects (docs/sharing.md).

const P = "/api/v1/projects/{project}";
const TAG = "Sharing";
const shareParams = projectParams.extend({ shareId: idParam("shr", "Share") });

export const SHARING_OPERATIONS = {
  listShares: defineOperation({
    id: "listShares",
    method: "get",
    path: `${P}/shares`,
    summary: "Shares made by this project and shares offered to it, in every status",
    tag: TAG,
    scope: "project:read",
    params: projectParams,
    response: ZShareListSchema,
    successStatus: 200,
  }),
  createShare: defineOperation({
    id: "createShare",
    method: "post",
    path: `${P}/shares`,
    summary: "Share the whole feature store or listed items with another project (pending until its Owner accepts)",
    tag: TAG,
    scope: "shares:write",
    params: projectParams,
    body: ZCreateShareSchema,
    response: ZShareSchema,
    successStatus: 201,
  }),
  acceptShare: defineOperation({
    id: "acceptShare",
    method: "post",
    path: `${P}/shares/{shareId}/accept`,
    summary: "Accept a share offered to this project: its items become readable here",
    tag: TAG,
    scope: "shares:accept",
    params: shareParams,
    response: ZShareSchema,
    successStatus: 200,
  }),
  declineShare: defineOperation({
    id: "declineShare",
    method: "post",
    path: `${P}/shares/{shareId}/decline`,
    summary: "Decline a share offered to this project",
    tag: TAG,
    scope: "shares:accept",
    params: shareParams,
    response: ZShareSchema,
    successStatus: 200,
  }),
  getShareImpact: defineOperation({
    id: "getShareImpact",
    method: "get",
    path: `${P}/shares/{shareId}/impact`,
    summary: "What revoking a share would affect in the receiving project, as counts",
    tag: TAG,
    scope: "shares:write",
    params: shareParams,
    response: ZShareImpactSchema,
    successStatus: 200,
  }),
  revokeShare: defineOperation({
    id: "revokeShare",
    method: "post",
    path: `${P}/shares/{shareId}/revoke`,
    summary: "Revoke a share made by this project; answers the impact in the receiving project",
    tag: TAG,
    scope: "shares:write",
    params: shareParams,
    response: ZRevokedShareSchema,
    successStatus: 200,
  }),
};
