import type { Metadata } from "next";
import { Suspense } from "react";
import { TrainingDatasetPage } from "@/components/training-datasets/training-dataset-page";
import { TableSkeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "Training dataset" };

export default function ProjectTrainingDatasetPageRoute() {
  return (
    <Suspense fallback={<TableSkeleton label="Loading training dataset" />}>
      <TrainingDatasetPage />
    </Suspense>
  );
}
