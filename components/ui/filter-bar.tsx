"use client";

import { type ReactNode, useEffect, useRef, useState } from "react";
import { cn } from "@/lib/client/cn";
import { Select } from "./input";
import { SearchInput } from "./search-input";

const SEARCH_DEBOUNCE_MS = 300;

/**
 * A catalog's filter bar: a text search that reports after a short pause (the page keeps it in the URL),
 * followed by the page's own controls. A query changed from outside (Clear filters, back/forward) replaces the
 * text; the echo of the text's own report does not, so typing on while the URL updates loses nothing.
 */
export const FilterBar = ({
  query,
  onQuery,
  label,
  placeholder = "Filter by name or description…",
  children,
}: {
  query: string | undefined;
  onQuery: (query: string | undefined) => void;
  label: string;
  placeholder?: string;
  children?: ReactNode;
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
    <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-4 py-2.5">
      <SearchInput label={label} placeholder={placeholder} value={text} onValueChange={setText} inputClassName="h-8" />
      {children}
    </div>
  );
};

/** One of a filter bar's choices; the empty value means "any" and is reported as undefined. */
export const FilterSelect = <TValue extends string>({
  label,
  value,
  options,
  onChange,
  className = "w-44",
}: {
  label: string;
  value: TValue | undefined;
  options: readonly { value: TValue | ""; label: string }[];
  onChange: (value: TValue | undefined) => void;
  className?: string;
}) => (
  <Select
    aria-label={label}
    className={cn("h-8", className)}
    value={value ?? ""}
    onChange={(event) => onChange((event.target.value || undefined) as TValue | undefined)}
  >
    {options.map((option) => (
      <option key={option.value} value={option.value}>
        {option.label}
      </option>
    ))}
  </Select>
);
