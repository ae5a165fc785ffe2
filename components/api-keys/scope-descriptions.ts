import type { TScope } from "@/lib/scopes";

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
  "featureData:read": "Read feature values",
  "featureData:write": "Write feature values",
  "jobs:read": "Read jobs",
  "jobs:write": "Start and cancel jobs",
};
