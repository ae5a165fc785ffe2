import type { Metadata } from "next";
import { Suspense } from "react";
import { NewModelForm } from "@/components/models/new-model-form";
import { TableSkeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "Register model" };

export default function NewModelPageRoute() {
  return (
    <Suspense fallback={<TableSkeleton label="Loading form" />}>
      <NewModelForm />
    </Suspense>
  );
}
