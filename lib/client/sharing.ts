import type { TCreateShare, TShare, TShareImpact } from "@/lib/api/sharing";
import { apiFetch, projectPath } from "./api";

// Typed calls to the sharing API (docs/sharing.md) and their react-query keys.

export const shareKeys = {
  list: (project: string) => ["projects", project, "shares"] as const,
  impact: (project: string, shareId: string) => ["projects", project, "shares", shareId, "impact"] as const,
};

const sharePath = (project: string, shareId: string, action: string) =>
  projectPath(project, `/shares/${encodeURIComponent(shareId)}/${action}`);

export const fetchShares = (project: string) =>
  apiFetch<{ sharedBy: TShare[]; sharedWith: TShare[] }>(projectPath(project, "/shares"));
export const fetchShareImpact = (project: string, shareId: string) =>
  apiFetch<TShareImpact>(sharePath(project, shareId, "impact"));
export const decideShare = (project: string, shareId: string, decision: "accept" | "decline") =>
  apiFetch<TShare>(sharePath(project, shareId, decision), { method: "POST" });
export const revokeShare = (project: string, shareId: string) =>
  apiFetch<{ share: TShare; impact: TShareImpact }>(sharePath(project, shareId, "revoke"), { method: "POST" });

/** A dataset's revoked sources in words (docs/sharing.md "After revocation"). */
export const revokedSourcesText = (sources: { featureGroup: string; project: string; shareId: string }[]) =>
  `Made from ${sources
    .map(
      ({ featureGroup, project, shareId }) =>
        `feature group ${featureGroup}, which ${project} no longer shares (share ${shareId} revoked)`,
    )
    .join("; ")}. Its files are this project's and stay readable; it cannot be re-created.`;

export const createShare = (project: string, body: TCreateShare) =>
  apiFetch<TShare>(projectPath(project, "/shares"), { method: "POST", json: body });
