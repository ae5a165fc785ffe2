import { type LucideIcon, SearchX } from "lucide-react";
import { Button } from "./button";
import { EmptyState } from "./empty-state";
import { ErrorState } from "./error-state";
import { TableSkeleton } from "./skeleton";

export type TListQuery = { isPending: boolean; isError: boolean; error: unknown; refetch: () => unknown };
export type TEmpty = { icon: LucideIcon; title: string; description: React.ReactNode; action?: React.ReactNode };
/** What to say when filters hide every item; it always offers Clear filters. */
export type TNoMatch = { title: string; description: React.ReactNode; onClear: () => void };

/**
 * The four states of a list: loading (skeleton rows), error (with Try again), empty (what this is and the first
 * action) or, when filters hide everything, "no match" with Clear filters; then the list itself.
 */
export const ListStates = <TItem,>({
  query,
  items,
  loading,
  empty,
  noMatch,
  children,
}: {
  query: TListQuery;
  items: TItem[] | undefined;
  loading: { label: string; columns?: number; rows?: number };
  empty: TEmpty;
  /** Set while filters are applied. */
  noMatch?: TNoMatch | false;
  children: (items: TItem[]) => React.ReactNode;
}) => (
  <>
    {query.isPending && <TableSkeleton {...loading} />}
    {query.isError && <ErrorState error={query.error} onRetry={() => query.refetch()} />}
    {items?.length === 0 &&
      (noMatch ? (
        <EmptyState
          icon={SearchX}
          title={noMatch.title}
          description={noMatch.description}
          action={
            <Button variant="secondary" onClick={noMatch.onClear}>
              Clear filters
            </Button>
          }
        />
      ) : (
        <EmptyState {...empty} />
      ))}
    {items && items.length > 0 && children(items)}
  </>
);
