"use client";

import type { TSearchResponse } from "@/lib/api/search";
import { cn } from "@/lib/client/cn";

// The facet names of the query language, in the order the panel shows them.
const FACETS = [
  ["kind", "Kind"],
  ["project", "Project"],
  ["tag", "Tag"],
  ["owner", "Owner"],
  ["online", "Online"],
] as const;

const filterOf = (key: string, value: string) => `${key}:${/\s/.test(value) ? `"${value}"` : value}`;

/** The facets of a search: each value toggles its `key:value` filter in the query text. */
export const SearchFacets = ({
  data,
  query,
  onQueryChange,
}: {
  data: TSearchResponse;
  query: string;
  onQueryChange: (query: string) => void;
}) => {
  const toggle = (filter: string) =>
    onQueryChange(
      query.split(/\s+/).includes(filter)
        ? query
            .split(/\s+/)
            .filter((part) => part !== filter)
            .join(" ")
        : `${query.trim()} ${filter}`,
    );
  return (
    <div className="grid content-start gap-4" aria-label="Facets" role="group">
      {FACETS.filter(([key]) => data.facets[key].length).map(([key, title]) => (
        <fieldset key={key}>
          <legend className="mb-1 text-xs font-semibold uppercase text-slate-600">{title}</legend>
          <ul className="grid gap-0.5">
            {data.facets[key].slice(0, 8).map((facet) => {
              const filter = filterOf(key, facet.value);
              const isOn = query.split(/\s+/).includes(filter);
              return (
                <li key={facet.value}>
                  <button
                    type="button"
                    aria-pressed={isOn}
                    onClick={() => toggle(filter)}
                    className={cn(
                      "flex w-full items-center justify-between gap-2 rounded px-1.5 py-0.5 text-left text-xs",
                      isOn ? "bg-brand-50 font-medium text-brand-700" : "text-slate-700 hover:bg-slate-100",
                    )}
                  >
                    <span className="truncate">{facet.label}</span>
                    <span className="text-slate-500">{facet.count}</span>
                  </button>
                </li>
              );
            })}
          </ul>
        </fieldset>
      ))}
    </div>
  );
};
