import { type LucideIcon, Plus } from "lucide-react";
import Link from "next/link";
import { PageHeader } from "@/components/shell/page-header";
import { pluralize } from "@/lib/client/format";
import { Button } from "./button";
import { Card } from "./card";
import { ListStates, type TEmpty, type TListQuery, type TNoMatch } from "./list-states";

type TMorePages = { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };

/** The line under a list: how many are shown, and a button for the next page while there is one. */
export const ListFooter = ({
  summary,
  more,
  moreLabel = "Load more",
}: {
  summary?: React.ReactNode;
  more?: TMorePages;
  moreLabel?: string;
}) =>
  summary || more?.hasNextPage ? (
    <div className="flex items-center justify-between border-t border-slate-200 px-4 py-3 text-sm text-slate-600">
      <span aria-live="polite">{summary}</span>
      {more?.hasNextPage && (
        <Button variant="secondary" size="sm" onClick={() => more.fetchNextPage()} isLoading={more.isFetchingNextPage}>
          {moreLabel}
        </Button>
      )}
    </div>
  ) : null;

export type TListCardProps<TItem> = {
  query: TListQuery;
  items: TItem[] | undefined;
  loading: { label: string; columns?: number; rows?: number };
  empty: TEmpty;
  /** The filter bar; shown once there is something to filter (or always, for filters that are a form). */
  filters?: React.ReactNode;
  isFilterBarAlwaysShown?: boolean;
  noMatch?: TNoMatch | false;
  children: (items: TItem[]) => React.ReactNode;
};

/** A list in a card: its filter bar above the four states of `ListStates`. */
export const ListCard = <TItem,>({ filters, isFilterBarAlwaysShown, ...states }: TListCardProps<TItem>) => (
  <Card>
    {(isFilterBarAlwaysShown || states.noMatch || Boolean(states.items?.length)) && filters}
    <ListStates {...states} />
  </Card>
);

/** A console list page: the title block with its actions, then the list card. */
export const ListPage = <TItem,>({
  title,
  description,
  actions,
  ...card
}: TListCardProps<TItem> & { title: string; description: React.ReactNode; actions?: React.ReactNode }) => (
  <>
    <PageHeader title={title} description={description} actions={actions} />
    <ListCard {...card} />
  </>
);

type TCatalogPageProps<TItem> = Pick<TListCardProps<TItem>, "query" | "items" | "filters" | "children"> & {
  /** What one item is called, e.g. "feature group"; the page's texts are made from it. */
  noun: string;
  /** Where "New <noun>" goes; unset for callers who may not create one. */
  newHref: string | undefined;
  title: string;
  description: React.ReactNode;
  loading: { columns: number; rows: number };
  noMatch: { isFiltered: boolean; description: string; onClear: () => void };
  empty: { icon: LucideIcon; description: string };
};

/**
 * A catalog page of a project (feature groups, feature views): "New <noun>" as the page's action and as the first
 * step of the empty state, "No <nouns> match" with Clear filters while filtered, and the count under the table.
 */
export const CatalogPage = <TItem,>({
  noun,
  newHref,
  loading,
  noMatch,
  empty,
  children,
  ...page
}: TCatalogPageProps<TItem>) => {
  const plural = `${noun}s`;
  const newButton = newHref && (
    <Button asChild>
      <Link href={newHref}>
        <Plus aria-hidden /> New {noun}
      </Link>
    </Button>
  );
  return (
    <ListPage
      {...page}
      actions={newButton}
      loading={{ label: `Loading ${plural}`, ...loading }}
      noMatch={noMatch.isFiltered && { title: `No ${plural} match`, ...noMatch }}
      empty={{ ...empty, title: `No ${plural} yet`, action: newButton || undefined }}
    >
      {(shown) => (
        <>
          {children(shown)}
          <ListFooter summary={pluralize(shown.length, noun)} />
        </>
      )}
    </ListPage>
  );
};
