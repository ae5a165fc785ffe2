import type { Metadata } from "next";
import { Suspense } from "react";
import { PiiFlowPage } from "@/components/lineage/pii-flow-page";
import { TableSkeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "Where PII goes" };

export default function ProjectPiiFlowPage() {
  return (
    <Suspense fallback={<TableSkeleton label="Loading the PII flow" />}>
      <PiiFlowPage />
    </Suspense>
  );
}
