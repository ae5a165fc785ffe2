import type { Metadata } from "next";
import { Suspense } from "react";
import { FeatureGroupsPage } from "@/components/feature-groups/feature-groups-page";
import { TableSkeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "Feature groups" };

export default function ProjectFeatureGroupsPage() {
  return (
    <Suspense fallback={<TableSkeleton label="Loading feature groups" />}>
      <FeatureGroupsPage />
    </Suspense>
  );
}
