import type { Metadata } from "next";
import { Suspense } from "react";
import { FeatureViewsPage } from "@/components/feature-views/feature-views-page";
import { TableSkeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "Feature views" };

export default function ProjectFeatureViewsPageRoute() {
  return (
    <Suspense fallback={<TableSkeleton label="Loading feature views" />}>
      <FeatureViewsPage />
    </Suspense>
  );
}
