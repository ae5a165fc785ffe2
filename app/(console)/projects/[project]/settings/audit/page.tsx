import type { Metadata } from "next";
import { Suspense } from "react";
import { AuditLogPage } from "@/components/audit/audit-log-page";
import { TableSkeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "Audit log" };

export default function ProjectAuditPage() {
  return (
    <Suspense fallback={<TableSkeleton label="Loading audit events" />}>
      <AuditLogPage />
    </Suspense>
  );
}
