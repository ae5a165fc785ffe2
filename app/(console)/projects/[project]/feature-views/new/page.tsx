import type { Metadata } from "next";
import { Suspense } from "react";
import { NewFeatureViewPage } from "@/components/feature-views/builder/new-feature-view-page";
import { TableSkeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "New feature view" };

export default function ProjectNewFeatureViewPageRoute() {
  return (
    <Suspense fallback={<TableSkeleton label="Loading the builder" />}>
      <NewFeatureViewPage />
    </Suspense>
  );
}
