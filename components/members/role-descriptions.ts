import type { TRole } from "@/lib/scopes";

// One line per role, from the roles table in docs/product.md.
export const ROLE_DESCRIPTIONS: Record<TRole, string> = {
  OWNER: "Everything, including members, API keys, the audit log and deleting the project.",
  EDITOR: "Creates and changes feature groups, views, training datasets and jobs; reads feature values.",
  VIEWER: "Reads metadata, statistics, lineage and feature values; changes nothing.",
  AUDITOR: "Reads metadata and the audit log, but no feature values.",
};
