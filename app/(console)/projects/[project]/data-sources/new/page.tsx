import type { Metadata } from "next";
import { Suspense } from "react";
import { NewDataSourceForm } from "@/components/data-sources/new-data-source-form";
import { TableSkeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "New data source" };

export default function NewDataSourcePageRoute() {
  return (
    <Suspense fallback={<TableSkeleton label="Loading form" />}>
      <NewDataSourceForm />
    </Suspense>
  );
}
