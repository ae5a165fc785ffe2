import type { Metadata } from "next";
import { Suspense } from "react";
import { DataSourcePage } from "@/components/data-sources/data-source-page";
import { TableSkeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "Data source" };

export default function DataSourcePageRoute() {
  return (
    <Suspense fallback={<TableSkeleton label="Loading data source" />}>
      <DataSourcePage />
    </Suspense>
  );
}
