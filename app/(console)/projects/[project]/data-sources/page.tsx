import type { Metadata } from "next";
import { Suspense } from "react";
import { DataSourcesPage } from "@/components/data-sources/data-sources-page";
import { TableSkeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "Data sources" };

export default function DataSourcesPageRoute() {
  return (
    <Suspense fallback={<TableSkeleton label="Loading data sources" />}>
      <DataSourcesPage />
    </Suspense>
  );
}
