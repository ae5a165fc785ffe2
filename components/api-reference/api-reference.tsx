"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { PageHeader } from "@/components/shell/page-header";
import { Card } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { SearchInput } from "@/components/ui/search-input";
import { Skeleton } from "@/components/ui/skeleton";
import { fetchOpenApi, queryKeys } from "@/lib/client/endpoints";
import { groupOperations, tagAnchor, type TOpenApiDocument } from "./openapi-model";
import { OperationCard } from "./operation-card";

const ReferenceSkeleton = () => (
  <div role="status" aria-label="Loading the API reference" className="space-y-3">
    {[0, 1, 2, 3, 4].map((index) => (
      <Skeleton key={index} className="h-12" />
    ))}
  </div>
);

export const ApiReference = () => {
  const [filter, setFilter] = useState("");
  const query = useQuery({ queryKey: queryKeys.openApi, queryFn: fetchOpenApi, staleTime: Infinity });
  const document = query.data as TOpenApiDocument | undefined;
  const groups = useMemo(() => (document ? groupOperations(document) : []), [document]);
  const needle = filter.trim().toLowerCase();
  const shown = groups
    .map((group) => ({
      ...group,
      operations: group.operations.filter(
        (operation) =>
          !needle ||
          [operation.path, operation.method, operation.summary, operation.scope ?? "", group.tag]
            .join(" ")
            .toLowerCase()
            .includes(needle),
      ),
    }))
    .filter((group) => group.operations.length > 0);
  return (
    <>
      <PageHeader
        title="API reference"
        description={
          <>
            {document?.info?.description ?? "The versioned REST API of Larder."} The raw document is at{" "}
            <a href="/api/v1/openapi.json" className="font-medium text-brand-700 underline underline-offset-2">
              /api/v1/openapi.json
            </a>
            .
          </>
        }
      />
      {query.isPending && <ReferenceSkeleton />}
      {query.isError && (
        <Card>
          <ErrorState error={query.error} onRetry={() => query.refetch()} />
        </Card>
      )}
      {document && (
        <div className="grid gap-8 lg:grid-cols-[12rem_1fr]">
          <nav aria-label="API sections" className="lg:sticky lg:top-8 lg:self-start">
            <p className="mb-2 text-xs font-medium uppercase tracking-wide text-slate-500">Sections</p>
            <ul className="space-y-0.5 text-sm">
              {groups.map((group) => (
                <li key={group.tag}>
                  <a
                    href={`#${tagAnchor(group.tag)}`}
                    className="flex justify-between rounded-md px-2 py-1 text-slate-700 hover:bg-slate-100 hover:text-slate-900"
                  >
                    {group.tag}
                    <span className="text-xs text-slate-500">{group.operations.length}</span>
                  </a>
                </li>
              ))}
            </ul>
            <div className="mt-4 rounded-md border border-slate-200 bg-white p-3 text-xs text-slate-600">
              Authenticate with <code className="font-mono text-slate-800">Authorization: Bearer lk_…</code> using a
              project API key.
            </div>
          </nav>
          <div className="min-w-0 space-y-8">
            <SearchInput label="Filter operations" value={filter} onValueChange={setFilter} className="max-w-sm" />
            {shown.length === 0 && <p className="text-sm text-slate-600">No operation matches “{filter}”.</p>}
            {shown.map((group) => (
              <section key={group.tag} aria-labelledby={tagAnchor(group.tag)} className="scroll-mt-8">
                <h2 id={tagAnchor(group.tag)} className="mb-3 text-base font-semibold text-slate-900">
                  {group.tag}
                </h2>
                <div className="space-y-2">
                  {group.operations.map((operation) => (
                    <OperationCard key={operation.id} operation={operation} />
                  ))}
                </div>
              </section>
            ))}
          </div>
        </div>
      )}
    </>
  );
};
