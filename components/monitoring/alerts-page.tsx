"use client";

import { useCurrentProject } from "@/components/projects/project-context";
import { PageHeader } from "@/components/shell/page-header";
import { Card } from "@/components/ui/card";
import { AlertList } from "./alert-list";

/** The project's notification area: every alert, newest first (docs/monitoring.md). */
export const AlertsPage = () => {
  const project = useCurrentProject();
  return (
    <>
      <PageHeader
        title="Alerts"
        description="Drift monitors, freshness SLAs and other checks post here; webhooks receive the same alerts."
      />
      <Card>
        <AlertList
          project={project.name}
          emptyText="Nothing needs attention. Monitors and freshness SLAs post here when a threshold is crossed."
        />
      </Card>
    </>
  );
};
