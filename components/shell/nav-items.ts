import {
  BarChart3,
  Bell,
  Brain,
  Cable,
  Database,
  Eraser,
  FlaskConical,
  History,
  KeyRound,
  Layers,
  LayoutDashboard,
  ListChecks,
  Settings2,
  Share2,
  UserCheck,
  Users,
  type LucideIcon,
} from "lucide-react";
import { hasScope, type TScope } from "@/lib/scopes";

// The project's areas in the sidebar. An area appears only for callers holding its scope, checked with
// the same hasScope the API enforces. To add an area, add one entry here.

type TNavItem = {
  label: string;
  /** Path below /projects/{project}; "" is the project's home. */
  segment: string;
  icon: LucideIcon;
  scope: TScope;
  /** One line for the project overview's quick links. */
  description: string;
};

export type TNavSection = { title: string | null; items: TNavItem[] };

const PROJECT_NAV: TNavSection[] = [
  {
    title: null,
    items: [
      {
        label: "Overview",
        segment: "",
        icon: LayoutDashboard,
        scope: "project:read",
        description: "The project at a glance.",
      },
      {
        label: "Alerts",
        segment: "alerts",
        icon: Bell,
        scope: "project:read",
        description: "Notifications: drift and freshness alerts, and whatever else posts here.",
      },
    ],
  },
  {
    title: "Feature store",
    items: [
      {
        label: "Feature groups",
        segment: "feature-groups",
        icon: Database,
        scope: "featureGroups:read",
        description: "Versioned tables of features about one entity, their schema and data.",
      },
      {
        label: "Feature views",
        segment: "feature-views",
        icon: Layers,
        scope: "featureViews:read",
        description: "Features selected and joined across groups, with labels and transformations, for one model.",
      },
      {
        label: "Training datasets",
        segment: "training-datasets",
        icon: FlaskConical,
        scope: "trainingDatasets:read",
        description: "Point-in-time-correct, split and versioned files made from a feature view.",
      },
      {
        label: "Models",
        segment: "models",
        icon: Brain,
        scope: "models:read",
        description: "Registered models: metrics, artifacts and the data they were trained on.",
      },
      {
        label: "Data sources",
        segment: "data-sources",
        icon: Cable,
        scope: "dataSources:read",
        description: "External tables, queries and files that feature groups are filled from.",
      },
      {
        label: "Jobs",
        segment: "jobs",
        icon: ListChecks,
        scope: "jobs:read",
        description: "Ingestion and other backend work, with progress and logs.",
      },
    ],
  },
  {
    title: "Settings",
    items: [
      {
        label: "General",
        segment: "settings/general",
        icon: Settings2,
        scope: "project:read",
        description: "Project details and the danger zone.",
      },
      {
        label: "Members",
        segment: "settings/members",
        icon: Users,
        scope: "members:read",
        description: "Who can read and change this feature store, and with which role.",
      },
      {
        label: "API keys",
        segment: "settings/api-keys",
        icon: KeyRound,
        scope: "project:read",
        description: "Keys for programs, the SDK and the CLI, scoped to what they need.",
      },
      {
        label: "Sharing",
        segment: "settings/sharing",
        icon: Share2,
        scope: "project:read",
        description: "What this project shares with others, and what others share with it.",
      },
      {
        label: "Access requests",
        segment: "settings/access-requests",
        icon: UserCheck,
        scope: "accessRequests:decide",
        description: "Make the project discoverable, and approve or decline requests to join it.",
      },
      {
        label: "Usage",
        segment: "settings/usage",
        icon: BarChart3,
        scope: "usage:read",
        description: "What this project costs per day: storage, online store, job compute, serving, shares.",
      },
      {
        label: "Audit log",
        segment: "settings/audit",
        icon: History,
        scope: "audit:read",
        description: "Who did and read what, when, and from where.",
      },
      {
        label: "Erasure",
        segment: "settings/erasure",
        icon: Eraser,
        scope: "erasure:read",
        description: "Erase an entity's data from every store, with a report that proves it.",
      },
    ],
  },
];

export const projectHref = (project: string, segment = ""): string =>
  `/projects/${encodeURIComponent(project)}${segment ? `/${segment}` : ""}`;

/** The sections and items a caller holding `scopes` may open; empty sections are dropped. */
export const visibleNavSections = (scopes: readonly string[]): TNavSection[] =>
  PROJECT_NAV.map((section) => ({
    ...section,
    items: section.items.filter((item) => hasScope({ scopes, required: item.scope })),
  })).filter((section) => section.items.length > 0);
