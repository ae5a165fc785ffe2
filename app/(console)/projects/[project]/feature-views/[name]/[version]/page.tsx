import type { Metadata } from "next";
import { Suspense } from "react";
import { FeatureViewDetailPage } from "@/components/feature-views/feature-view-detail-page";
import { TableSkeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "Feature view" };

export default function ProjectFeatureViewDetailPageRoute() {
  return (
    <Suspense fallback={<TableSkeleton label="Loading feature view" />}>
      <FeatureViewDetailPage />
    </Suspense>
  );
}
