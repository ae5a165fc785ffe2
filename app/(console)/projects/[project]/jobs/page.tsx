import type { Metadata } from "next";
import { Suspense } from "react";
import { JobsPage } from "@/components/jobs/jobs-page";
import { TableSkeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "Jobs" };

export default function ProjectJobsPage() {
  return (
    <Suspense fallback={<TableSkeleton label="Loading jobs" />}>
      <JobsPage />
    </Suspense>
  );
}
