"use client";

import { Search } from "lucide-react";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { Input } from "@/components/ui/input";

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
      <div className="relative w-full max-w-xs">
        <Search className="pointer-events-none absolute left-2.5 top-2.5 size-4 text-slate-500" aria-hidden />
        <Input
          type="search"
          aria-label={label}
          placeholder={placeholder}
          value={text}
          onChange={(event) => setText(event.target.value)}
          className="h-8 pl-8"
        />
      </div>
      {children}
    </div>
  );
};
