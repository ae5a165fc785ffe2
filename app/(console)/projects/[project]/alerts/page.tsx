import type { Metadata } from "next";
import { Suspense } from "react";
import { AlertsPage } from "@/components/monitoring/alerts-page";
import { TableSkeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "Alerts" };

export default function ProjectAlertsPage() {
  return (
    <Suspense fallback={<TableSkeleton label="Loading alerts" />}>
      <AlertsPage />
    </Suspense>
  );
}
