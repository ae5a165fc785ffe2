import type { Metadata } from "next";
import { Suspense } from "react";
import { ModelsPage } from "@/components/models/models-page";
import { TableSkeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "Models" };

export default function ProjectModelsPageRoute() {
  return (
    <Suspense fallback={<TableSkeleton label="Loading models" />}>
      <ModelsPage />
    </Suspense>
  );
}
