"use client";

import { type ReactNode, useEffect, useRef, useState } from "react";
import { cn } from "@/lib/client/cn";
import { Select } from "./input";
import { SearchInput } from "./search-input";

const SEARCH_DEBOUNCE_MS = 300;

/** One choice of a filter bar, bound to one key of the page's filters; the empty value means "any". */
export type TFilterChoice<TFilters> = {
  key: keyof TFilters & string;
  label: string;
  options: readonly { value: string; label: string }[];
  /** Shown when the key is unset (a sort's default); without it, the "any" option. */
  fallback?: string;
  className?: string;
};

/**
 * The "Sort by" choice of a list: one option per sort, "Sort by <what>", the first one the default (a sort is a view
 * of the list, not a filter: Clear filters keeps it).
 */
export const sortChoice = <TFilters extends { sort?: string }>(
  sorts: Record<NonNullable<TFilters["sort"]>, string>,
  className: string,
): TFilterChoice<TFilters> => {
  const options = Object.entries<string>(sorts).map(([value, what]) => ({ value, label: `Sort by ${what}` }));
  return { key: "sort" as keyof TFilters & string, label: "Sort by", options, fallback: options[0]?.value, className };
};

/**
 * A text search that reports after a short pause (the page keeps it in the URL). A query changed from outside
 * (Clear filters, back/forward) replaces the text; the echo of the text's own report does not, so typing on while
 * the URL updates loses nothing.
 */
const SearchText = ({
  query,
  onQuery,
  label,
  placeholder,
}: {
  query: string | undefined;
  onQuery: (query: string | undefined) => void;
  label: string;
  placeholder: string;
}) => {
  const [text, setText] = useState(query ?? "");
  const reported = useRef(query);
  useEffect(() => {
    if (query === reported.current) return;
    reported.current = query;
    setText(query ?? "");
  }, [query]);
  useEffect(() => {
    if ((query ?? "") === text) return;
    const timer = setTimeout(() => {
      reported.current = text || undefined;
      onQuery(text || undefined);
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, query, onQuery]);
  return (
    <SearchInput label={label} placeholder={placeholder} value={text} onValueChange={setText} inputClassName="h-8" />
  );
};

/**
 * A list's filter bar: the text search `q` when `searchLabel` is given, then one select per choice, then the page's
 * own controls. Every change reports the whole next set of filters (an emptied choice is undefined).
 */
export const FilterBar = <TFilters extends object>({
  filters,
  onChange,
  searchLabel,
  placeholder = "Filter by name or description…",
  choices = [],
  children,
}: {
  filters: TFilters;
  onChange: (next: TFilters) => void;
  searchLabel?: string;
  placeholder?: string;
  choices?: TFilterChoice<TFilters>[];
  children?: ReactNode;
}) => (
  <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-4 py-2.5">
    {searchLabel && (
      <SearchText
        query={(filters as { q?: string }).q}
        onQuery={(q) => onChange({ ...filters, q })}
        label={searchLabel}
        placeholder={placeholder}
      />
    )}
    {choices.map((choice) => (
      <Select
        key={choice.key}
        aria-label={choice.label}
        className={cn("h-8 w-44", choice.className)}
        value={(filters[choice.key] as string | undefined) ?? choice.fallback ?? ""}
        onValueChange={(value) => onChange({ ...filters, [choice.key]: value || undefined })}
      >
        {choice.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </Select>
    ))}
    {children}
  </div>
);
