import type { Metadata } from "next";
import { Suspense } from "react";
import { ErasurePage } from "@/components/erasure/erasure-page";
import { TableSkeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "Erasure" };

export default function ErasurePageRoute() {
  return (
    <Suspense fallback={<TableSkeleton label="Loading erasure requests" />}>
      <ErasurePage />
    </Suspense>
  );
}
