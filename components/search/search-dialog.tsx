"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Search } from "lucide-react";
import { useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { ApiError } from "@/lib/client/api";
import { searchCatalog, tagKeys } from "@/lib/client/tags";
import { DiscoverableResults } from "@/components/discovery/discoverable-results";
import { SearchFacets } from "./search-facets";
import { SearchResults } from "./search-results";

const DEBOUNCE_MS = 200;

const useDebounced = (value: string) => {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [value]);
  return debounced;
};

/** The catalog search: a button in the shell and ⌘K / Ctrl+K from any page. */
export const SearchDialog = () => {
  const [isOpen, setIsOpen] = useState(false);
  const [query, setQuery] = useState("");
  const debounced = useDebounced(query.trim());
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.metaKey || event.ctrlKey) && event.key.toLowerCase() === "k") {
        event.preventDefault();
        setIsOpen(true);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  const results = useQuery({
    queryKey: tagKeys.search(debounced),
    queryFn: () => searchCatalog(debounced),
    enabled: isOpen && debounced.length > 0,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const problem =
    results.error instanceof ApiError ? (results.error.errors[0]?.message ?? results.error.message) : null;
  return (
    <Dialog open={isOpen} onOpenChange={setIsOpen}>
      <button
        type="button"
        onClick={() => setIsOpen(true)}
        className="flex w-full items-center gap-2 rounded-md border border-slate-200 px-3 py-1.5 text-sm text-slate-600 hover:bg-slate-50"
      >
        <Search className="size-4" aria-hidden />
        Search
        <kbd className="ml-auto rounded border border-slate-200 px-1 text-xs text-slate-500">⌘K</kbd>
      </button>
      <DialogContent title="Search the catalog" className="max-w-4xl">
        <Input
          autoFocus
          type="search"
          aria-label="Search query"
          placeholder='Words, "phrases", tag:pii, pii.category:email, project:…, type:double'
          value={query}
          onValueChange={setQuery}
        />
        {problem && (
          <Alert tone="warning" className="mt-3">
            {problem}
          </Alert>
        )}
        {results.data && debounced && !problem && (
          <div className="mt-4 grid grid-cols-[minmax(0,1fr)_12rem] gap-6">
            <div>
              <p className="mb-3 text-xs text-slate-600" role="status">
                {results.data.total.toLocaleString("en-US")}
                {results.data.capped ? "+" : ""} {results.data.total === 1 ? "result" : "results"}
              </p>
              <SearchResults data={results.data} onNavigate={() => setIsOpen(false)} />
              <DiscoverableResults results={results.data.discoverable ?? []} />
            </div>
            <SearchFacets data={results.data} query={query} onQueryChange={setQuery} />
          </div>
        )}
      </DialogContent>
    </Dialog>
  );
};
