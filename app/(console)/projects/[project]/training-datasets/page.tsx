import type { Metadata } from "next";
import { Suspense } from "react";
import { TrainingDatasetsPage } from "@/components/training-datasets/training-datasets-page";
import { TableSkeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "Training datasets" };

export default function ProjectTrainingDatasetsPageRoute() {
  return (
    <Suspense fallback={<TableSkeleton label="Loading training datasets" />}>
      <TrainingDatasetsPage />
    </Suspense>
  );
}
