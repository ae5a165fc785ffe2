"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { History, Lock } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCan, useCurrentProject } from "@/components/projects/project-context";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { TableSkeleton } from "@/components/ui/skeleton";
import { fetchAuditPage, queryKeys, type TAuditFilters } from "@/lib/client/endpoints";
import { pluralize } from "@/lib/client/format";
import { AuditFilters } from "./audit-filters";
import { AuditTable } from "./audit-table";

const FILTER_KEYS = ["actor", "action", "resourceType", "from", "to"] as const;

const filtersFrom = (params: URLSearchParams): TAuditFilters =>
  Object.fromEntries(FILTER_KEYS.flatMap((key) => (params.get(key) ? [[key, params.get(key)]] : []))) as TAuditFilters;

export const AuditLogPage = () => {
  const project = useCurrentProject();
  const canRead = useCan("audit:read");
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const filters = filtersFrom(new URLSearchParams(searchParams.toString()));
  const hasFilters = Object.keys(filters).length > 0;
  const query = useInfiniteQuery({
    queryKey: queryKeys.audit(project.name, filters),
    queryFn: ({ pageParam }) => fetchAuditPage({ project: project.name, filters, cursor: pageParam }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    enabled: canRead,
  });
  // The filters live in the URL, so a filtered view can be shared by link and survives a reload.
  const applyFilters = (next: TAuditFilters) => {
    const params = new URLSearchParams();
    for (const key of FILTER_KEYS) if (next[key]) params.set(key, next[key]);
    const search = params.toString();
    router.replace(search ? `${pathname}?${search}` : pathname, { scroll: false });
  };
  const events = query.data?.pages.flatMap((page) => page.events);
  if (!canRead) {
    return (
      <Card>
        <EmptyState
          icon={Lock}
          title="The audit log is for owners and auditors"
          description="Your role in this project does not include reading the audit log. Ask a project owner if you need it."
        />
      </Card>
    );
  }
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change and every sign-in in this project: who did it, when, from where. Events cannot be edited or deleted."
      />
      <Card>
        <AuditFilters key={searchParams.toString()} filters={filters} onApply={applyFilters} />
        {query.isPending && <TableSkeleton label="Loading audit events" columns={5} rows={6} />}
        {query.isError && <ErrorState error={query.error} onRetry={() => query.refetch()} />}
        {events?.length === 0 &&
          (hasFilters ? (
            <EmptyState
              icon={History}
              title="No events match these filters"
              description="Widen the time range or clear a filter to see more."
              action={
                <Button variant="secondary" onClick={() => applyFilters({})}>
                  Clear filters
                </Button>
              }
            />
          ) : (
            <EmptyState
              icon={History}
              title="No events yet"
              description="Changes to members, API keys and project settings will be recorded here as they happen."
            />
          ))}
        {events && events.length > 0 && (
          <>
            <AuditTable events={events} />
            <div className="flex items-center justify-between border-t border-slate-200 px-4 py-3 text-sm text-slate-600">
              <span aria-live="polite">
                Showing {pluralize(events.length, "event")}
                {query.hasNextPage ? "" : " — the end of the log"}
              </span>
              {query.hasNextPage && (
                <Button
                  variant="secondary"
                  size="sm"
                  onClick={() => query.fetchNextPage()}
                  isLoading={query.isFetchingNextPage}
                >
                  Load more
                </Button>
              )}
            </div>
          </>
        )}
      </Card>
    </>
  );
};
