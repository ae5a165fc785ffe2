import type { Metadata } from "next";
import { Suspense } from "react";
import { FeatureGroupDetailPage } from "@/components/feature-groups/feature-group-detail-page";
import { TableSkeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "Feature group" };

export default function ProjectFeatureGroupPage() {
  return (
    <Suspense fallback={<TableSkeleton label="Loading feature group" />}>
      <FeatureGroupDetailPage />
    </Suspense>
  );
}
