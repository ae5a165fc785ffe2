import type { Metadata } from "next";
import { Suspense } from "react";
import { LineagePage } from "@/components/lineage/lineage-page";
import { TableSkeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "Lineage" };

export default function ProjectLineagePage() {
  return (
    <Suspense fallback={<TableSkeleton label="Loading lineage" />}>
      <LineagePage />
    </Suspense>
  );
}
