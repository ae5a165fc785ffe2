import type { Metadata } from "next";
import { Suspense } from "react";
import { ModelPage } from "@/components/models/model-page";
import { TableSkeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "Model" };

export default function ModelPageRoute() {
  return (
    <Suspense fallback={<TableSkeleton label="Loading model" />}>
      <ModelPage />
    </Suspense>
  );
}
