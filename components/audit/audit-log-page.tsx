"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { History, Lock } from "lucide-react";
import { useCan, useCurrentProject } from "@/components/projects/project-context";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ListFooter, ListPage } from "@/components/ui/list-page";
import { useUrlFilters } from "@/components/ui/use-url-filters";
import { fetchAuditPage, queryKeys, type TAuditFilters } from "@/lib/client/endpoints";
import { pluralize } from "@/lib/client/format";
import { AuditFilters } from "./audit-filters";
import { AuditTable } from "./audit-table";

const FILTER_KEYS = ["actor", "action", "resourceType", "from", "to"] as const;

const filtersFrom = (params: URLSearchParams): TAuditFilters =>
  Object.fromEntries(FILTER_KEYS.map((key) => [key, params.get(key) || undefined]));

export const AuditLogPage = () => {
  const project = useCurrentProject();
  const canRead = useCan("audit:read");
  const { filters, apply, search } = useUrlFilters({ parse: filtersFrom });
  const query = useInfiniteQuery({
    queryKey: queryKeys.audit(project.name, filters),
    queryFn: ({ pageParam }) => fetchAuditPage({ project: project.name, filters, cursor: pageParam }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    enabled: canRead,
  });
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
    <ListPage
      title="Audit log"
      description="Every change and every sign-in in this project: who did it, when, from where. Events cannot be edited or deleted."
      query={query}
      items={query.data?.pages.flatMap((page) => page.events)}
      loading={{ label: "Loading audit events", columns: 5, rows: 6 }}
      filters={<AuditFilters key={search} filters={filters} onApply={apply} />}
      isFilterBarAlwaysShown
      noMatch={
        Object.values(filters).some(Boolean) && {
          title: "No events match these filters",
          description: "Widen the time range or clear a filter to see more.",
          onClear: () => apply({}),
        }
      }
      empty={{
        icon: History,
        title: "No events yet",
        description: "Changes to members, API keys and project settings will be recorded here as they happen.",
      }}
    >
      {(events) => (
        <>
          <AuditTable events={events} />
          <ListFooter
            summary={`Showing ${pluralize(events.length, "event")}${query.hasNextPage ? "" : " — the end of the log"}`}
            more={query}
          />
        </>
      )}
    </ListPage>
  );
};
