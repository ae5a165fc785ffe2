import type { TShare, TShareImpact } from "@/lib/api/sharing";
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
