import "server-only";
import type { TSearchKind } from "@/lib/api/search";
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
};

export const readableCatalog = async (principal: TPrincipal): Promise<TReadableCatalog> => {
  const memberships = await db.membership.findMany({
    where: { userId: principal.userId, ...(principal.kind === "apiKey" ? { projectId: principal.projectId } : {}) },
    select: { projectId: true, role: true, project: { select: { name: true } } },
  });
  const scoped = memberships.map((membership) => ({
    projectId: membership.projectId,
    scopes: keyScopesFor({ principal, role: membership.role as TRole }) ?? scopesForRole(membership.role as TRole),
  }));
  // Items shared with these projects are found too (access-where.ts); they are marked with their home project.
  const homes = await db.share.findMany({
    where: { receiverProjectId: { in: memberships.map(({ projectId }) => projectId) }, status: "ACCEPTED" },
    select: { homeProject: { select: { id: true, name: true } } },
  });
  return {
    projects: new Map([
      ...homes.map(({ homeProject }): [string, string] => [homeProject.id, homeProject.name]),
      ...memberships.map((membership): [string, string] => [membership.projectId, membership.project.name]),
    ]),
    byKind: (Object.keys(READ_SCOPE) as TSearchKind[]).map((kind) => ({
      kind,
      projectIds: scoped.filter(({ scopes }) => scopes.includes(READ_SCOPE[kind])).map(({ projectId }) => projectId),
    })),
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
