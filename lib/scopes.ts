// Scopes are a closed list of `resource:action` strings; each project role maps to a subset.
// This file is isomorphic: the API wrapper enforces it, and the console uses the same function to hide controls.

export const SCOPES = [
  "project:read",
  "project:delete",
  "members:read",
  "members:write",
  "apiKeys:read",
  "apiKeys:write",
  "audit:read",
  "featureGroups:read",
  "featureGroups:write",
  "featureData:read",
  "featureData:write",
  "jobs:read",
  "jobs:write",
] as const;

export type TScope = (typeof SCOPES)[number];

export const ROLES = ["OWNER", "EDITOR", "VIEWER", "AUDITOR"] as const;
export type TRole = (typeof ROLES)[number];

export const ROLE_LABELS: Record<TRole, string> = {
  OWNER: "Owner",
  EDITOR: "Editor",
  VIEWER: "Viewer",
  AUDITOR: "Auditor",
};

const METADATA_READ: TScope[] = ["project:read", "members:read", "featureGroups:read", "jobs:read"];

// From the roles table in docs/product.md.
export const ROLE_SCOPES: Record<TRole, readonly TScope[]> = {
  OWNER: SCOPES,
  EDITOR: [...METADATA_READ, "featureData:read", "featureGroups:write", "featureData:write", "jobs:write"],
  VIEWER: [...METADATA_READ, "featureData:read"],
  AUDITOR: [...METADATA_READ, "audit:read"],
};

export const isScope = (value: string): value is TScope => (SCOPES as readonly string[]).includes(value);

/** May a principal holding `scopes` do what `required` names? */
export const hasScope = ({ scopes, required }: { scopes: readonly string[]; required: TScope }): boolean =>
  scopes.includes(required);

export const scopesForRole = (role: TRole): readonly TScope[] => ROLE_SCOPES[role];

/** Scopes an API key actually holds: what it was given, intersected with what its owner holds now. */
export const effectiveKeyScopes = ({
  keyScopes,
  ownerRole,
}: {
  keyScopes: readonly string[];
  ownerRole: TRole;
}): TScope[] => keyScopes.filter((scope): scope is TScope => isScope(scope) && ROLE_SCOPES[ownerRole].includes(scope));
