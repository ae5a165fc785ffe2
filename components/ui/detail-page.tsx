import { ArrowLeft, SearchX } from "lucide-react";
import Link from "next/link";
import { ApiError } from "@/lib/client/api";
import { cn } from "@/lib/client/cn";
import { Badge } from "./badge";
import { Button } from "./button";
import { Card } from "./card";
import { EmptyState } from "./empty-state";
import { ErrorState } from "./error-state";
import type { TListQuery } from "./list-states";
import { Skeleton, TableSkeleton } from "./skeleton";

type TDetailQuery<TData> = TListQuery & { data: TData | undefined };

/**
 * A page about one object, reached from a list: the way back, then "not found" (with the way back again) when the
 * API answers 404, the error with Try again, a skeleton while loading, or the object.
 */
export const DetailPage = <TData,>({
  query,
  back,
  notFound,
  loadingLabel,
  children,
}: {
  query: TDetailQuery<TData>;
  back: { href: string; label: string };
  notFound?: { title: string; description: string; backLabel: string };
  loadingLabel: string;
  children: (data: TData) => React.ReactNode;
}) => {
  const backLink = (
    <Link href={back.href} className="mb-3 inline-flex items-center gap-1 text-sm text-slate-600 hover:text-slate-900">
      <ArrowLeft className="size-4" aria-hidden /> {back.label}
    </Link>
  );
  const isNotFound = notFound && query.error instanceof ApiError && query.error.status === 404;
  if (query.isError || (!query.isPending && query.data === undefined))
    return (
      <>
        {backLink}
        <Card>
          {isNotFound ? (
            <EmptyState
              icon={SearchX}
              title={notFound.title}
              description={notFound.description}
              action={
                <Button asChild variant="secondary">
                  <Link href={back.href}>{notFound.backLabel}</Link>
                </Button>
              }
            />
          ) : (
            <ErrorState error={query.error} onRetry={() => query.refetch()} />
          )}
        </Card>
      </>
    );
  if (query.data === undefined)
    return (
      <div role="status" aria-label={loadingLabel} className="grid gap-4">
        {backLink}
        <Skeleton className="h-8 w-80" />
        <Skeleton className="h-4 w-2/3" />
        <Skeleton className="h-40 w-full" />
        <Card>
          <TableSkeleton columns={4} rows={4} />
        </Card>
      </div>
    );
  return (
    <>
      {backLink}
      {children(query.data)}
    </>
  );
};

/** The title block of a versioned object: its name and version (and status badges), what it is, and its actions. */
export const VersionedHeading = ({
  name,
  version,
  badges,
  description,
  meta,
  actions,
  className = "mb-6",
}: {
  name: string;
  version: number;
  badges?: React.ReactNode;
  description: React.ReactNode;
  meta?: React.ReactNode;
  actions?: React.ReactNode;
  className?: string;
}) => (
  <div className={cn("flex flex-wrap items-start justify-between gap-4", className)}>
    <div className="min-w-0">
      <h1 className="flex flex-wrap items-center gap-2 text-xl font-semibold tracking-tight text-slate-900">
        <span className="font-mono">{name}</span>
        <Badge tone="brand">v{version}</Badge>
        {badges}
      </h1>
      <div className="mt-1 max-w-3xl text-sm text-slate-600">{description}</div>
      {meta && <p className="mt-1.5 text-xs text-slate-600">{meta}</p>}
    </div>
    {actions && <div className="flex flex-wrap items-center gap-2">{actions}</div>}
  </div>
);
