import type { TScope } from "@/lib/scopes";

// On the floor: every room that acts for a caller (audit, auth, http, jobs, the domains) speaks of the caller
// in these types, so none of them has to import auth or http to name who is asking.

/** Who is calling: a signed-in user (session cookie) or a program holding a project API key. */
export type TPrincipal =
  | { kind: "user"; userId: string; email: string; name: string; isAdmin: boolean }
  | { kind: "apiKey"; apiKeyId: string; userId: string; email: string; projectId: string; keyScopes: string[] };

export type TRequestContext = {
  principal: TPrincipal;
  clientIp: string | null;
  userAgent: string | null;
};

export type TProjectAccess = {
  project: { id: string; name: string };
  role: "OWNER" | "EDITOR" | "VIEWER" | "AUDITOR";
  scopes: readonly TScope[];
};

export const principalLabel = (principal: TPrincipal): string =>
  principal.kind === "user" ? principal.email : `${principal.email} (API key ${principal.apiKeyId})`;

/** One version of a named feature group, feature view or training dataset: the route parsed the version as an integer. */
export type TVersionRef = { name: string; version: number };

/** What a service that looks at one version receives. */
export type TVersionRead = TVersionRef & { access: TProjectAccess };

/** What a service that acts on one version (or reads its data, which is audited) receives. */
export type TVersionAction = TVersionRead & { ctx: TRequestContext };
