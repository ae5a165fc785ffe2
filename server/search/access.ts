import "server-only";
import type { TSearchKind } from "@/lib/api/search";
import type { TAcceptedShare } from "../access-where";
import { scopesForRole, type TRole, type TScope } from "@/lib/scopes";
import { keyScopesFor } from "../auth/api-keys";
import { db } from "../db/client";
import type { TPrincipal } from "../principal";

// Who may find what: every project the user is a member of (an API key: its own project), and in each only the
// kinds the role's (or key's) scopes let it read, plus what other projects share with those (docs/sharing.md). The
// SQL is the floor's searchDocumentWhere.

const READ_SCOPE: Record<TSearchKind, TScope> = {
  featureGroup: "featureGroups:read",
  feature: "featureGroups:read",
  featureView: "featureViews:read",
  trainingDataset: "trainingDatasets:read",
  model: "models:read",
  dataSource: "dataSources:read",
};

export type TReadableCatalog = {
  projects: Map<string, string>;
  byKind: { kind: TSearchKind; projectIds: string[] }[];
  shares: TAcceptedShare[];
};

type TMembershipRow = {
  projectId: string;
  role: string;
  name: string;
  shares: (TAcceptedShare & { homeName: string })[];
};

export const readableCatalog = async (principal: TPrincipal): Promise<TReadableCatalog> => {
  // One round trip (a search pays it on every keystroke): the memberships, each with the ACCEPTED shares it receives
  // (items shared with these projects are found too — access-where.ts — marked with their home project).
  const memberships = await db.$queryRaw<TMembershipRow[]>`
    SELECT m."projectId", m.role, p.name,
           coalesce((SELECT json_agg(json_build_object(
                       'receiverProjectId', s."receiverProjectId", 'homeProjectId', s."homeProjectId", 'scope', s.scope,
                       'homeName', h.name,
                       'items', coalesce((SELECT json_agg(json_build_object('featureGroupId', i."featureGroupId",
                                            'featureViewId', i."featureViewId", 'trainingDatasetId', i."trainingDatasetId"))
                                            FROM "ShareItem" i WHERE i."shareId" = s.id), '[]'::json)))
                       FROM "Share" s JOIN "Project" h ON h.id = s."homeProjectId"
                      WHERE s."receiverProjectId" = m."projectId" AND s.status = 'ACCEPTED'), '[]'::json) AS shares
      FROM "Membership" m JOIN "Project" p ON p.id = m."projectId"
     WHERE m."userId" = ${principal.userId}
       AND (${principal.kind !== "apiKey"} OR m."projectId" = ${principal.kind === "apiKey" ? principal.projectId : ""})`;
  const scoped = memberships.map((membership) => ({
    projectId: membership.projectId,
    scopes: keyScopesFor({ principal, role: membership.role as TRole }) ?? scopesForRole(membership.role as TRole),
  }));
  const shares = memberships.flatMap((membership) => membership.shares);
  return {
    projects: new Map([
      ...shares.map((share): [string, string] => [share.homeProjectId, share.homeName]),
      ...memberships.map((membership): [string, string] => [membership.projectId, membership.name]),
    ]),
    byKind: (Object.keys(READ_SCOPE) as TSearchKind[]).map((kind) => ({
      kind,
      projectIds: scoped.filter(({ scopes }) => scopes.includes(READ_SCOPE[kind])).map(({ projectId }) => projectId),
    })),
    shares,
  };
};

/**
 * Discovery (docs/sharing.md): the discoverable projects a signed-in user is NOT a member of, by id and name. Only
 * their feature groups' and views' metadata is found (the floor's discoverableDocumentWhere); every other read path
 * of such a project stays 404 for the user. API keys are bound to their project and discover nothing.
 */
export const discoverableCatalog = async (principal: TPrincipal): Promise<Map<string, string>> => {
  if (principal.kind !== "user") return new Map();
  const projects = await db.project.findMany({
    where: { discoverable: true, memberships: { none: { userId: principal.userId } } },
    select: { id: true, name: true },
  });
  return new Map(projects.map((project) => [project.id, project.name]));
};
