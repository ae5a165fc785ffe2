// Scopes are a closed list of `resource:action` strings; each project role maps to a subset.
// This file is isomorphic: the API wrapper enforces it, and the console uses the same function to hide controls.
// Resources follow the vocabulary of docs/product.md, so that a power over feature groups never silently extends
// to feature views or training datasets (metadata); feature VALUES, wherever they appear, are `featureData:*`.

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
  "featureViews:read",
  "featureViews:write",
  "trainingDatasets:read",
  "trainingDatasets:write",
  "models:read",
  "models:write",
  "dataSources:read",
  "dataSources:write",
  "featureData:read",
  "featureData:write",
  "jobs:read",
  "jobs:write",
  "lineage:override",
  "erasure:read",
  "erasure:write",
  "shares:write",
  "shares:accept",
  "project:discoverable",
  "accessRequests:decide",
  "usage:read",
] as const;

export type TScope = (typeof SCOPES)[number];

// The one line the console shows beside each scope (e.g. when choosing an API key's scopes); kept next to the list
// so that a new scope cannot be added without saying what it allows.
export const SCOPE_DESCRIPTIONS: Record<TScope, string> = {
  "project:read": "Read the project",
  "project:delete": "Delete the project",
  "members:read": "List members",
  "members:write": "Add, change and remove members",
  "apiKeys:read": "List the project's API keys",
  "apiKeys:write": "Create and revoke API keys",
  "audit:read": "Read the audit log",
  "featureGroups:read": "Read feature group metadata",
  "featureGroups:write": "Create and change feature groups",
  "featureViews:read": "Read feature view metadata",
  "featureViews:write": "Create and delete feature views",
  "trainingDatasets:read": "Read training dataset metadata",
  "trainingDatasets:write": "Create, re-create and delete training datasets",
  "models:read": "Read registered models and download their artifacts",
  "models:write": "Register and delete models, upload artifacts",
  "dataSources:read": "Read data sources (never their passwords)",
  "dataSources:write": "Create and delete data sources, create feature groups from them",
  "featureData:read": "Read feature values (previews, batch data, training files, vectors)",
  "featureData:write": "Write feature values",
  "jobs:read": "Read jobs",
  "jobs:write": "Start and cancel jobs",
  "lineage:override":
    "Mark lineage edges de-identifying (PII stops there) and force deletes that break consumers (they are marked broken)",
  "erasure:read": "Read erasure requests and download their reports (digests of the keys, never their values)",
  "erasure:write": "File erasure requests (remove an entity's data from every store) and close them",
  "shares:write": "Share this project's feature store with another project, and revoke its shares",
  "shares:accept": "Accept or decline shares offered to this project",
  "project:discoverable":
    "Make the project discoverable: non-members find its feature groups' and views' names, descriptions, tags and owner in search",
  "accessRequests:decide": "List requests to join the project, approve them with a role or decline them",
  "usage:read": "Read the project's usage (storage, jobs, serving, shares per day) and recompute it",
};

export const ROLES = ["OWNER", "EDITOR", "VIEWER", "AUDITOR"] as const;
export type TRole = (typeof ROLES)[number];

export const ROLE_LABELS: Record<TRole, string> = {
  OWNER: "Owner",
  EDITOR: "Editor",
  VIEWER: "Viewer",
  AUDITOR: "Auditor",
};

const METADATA_READ: TScope[] = [
  "project:read",
  "members:read",
  "featureGroups:read",
  "featureViews:read",
  "trainingDatasets:read",
  "models:read",
  "dataSources:read",
  "jobs:read",
];
// "create/update feature groups, views, training datasets, jobs"
const CATALOG_WRITE: TScope[] = [
  "featureGroups:write",
  "featureViews:write",
  "trainingDatasets:write",
  "models:write",
  "dataSources:write",
  "featureData:write",
  "jobs:write",
];

// From the roles table in docs/product.md.
export const ROLE_SCOPES: Record<TRole, readonly TScope[]> = {
  OWNER: SCOPES,
  EDITOR: [...METADATA_READ, "featureData:read", ...CATALOG_WRITE],
  VIEWER: [...METADATA_READ, "featureData:read"],
  // Erasure reports are evidence for an audit: they name keys by digest only.
  AUDITOR: [...METADATA_READ, "audit:read", "erasure:read"],
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
