"use client";

import Link from "next/link";
import { TagBadges } from "@/components/tags/tag-badges";
import { SEARCH_COUNT_CAP, SEARCH_KIND_LABELS, type TSearchResponse } from "@/lib/api/search";
import { highlightParts, resultHref } from "@/lib/client/tags";

const Highlighted = ({ text, terms }: { text: string; terms: string[] }) => (
  <>
    {highlightParts(text, terms).map((part, index) =>
      part.isMatch ? (
        <mark key={index} className="rounded-sm bg-amber-100 text-slate-900">
          {part.text}
        </mark>
      ) : (
        <span key={index}>{part.text}</span>
      ),
    )}
  </>
);

/** Results grouped by kind: name and description with the matched words highlighted, the project named. */
export const SearchResults = ({ data, onNavigate }: { data: TSearchResponse; onNavigate: () => void }) => (
  <div className="grid gap-4">
    {data.groups.map((group) => (
      <section key={group.kind} aria-labelledby={`search-group-${group.kind}`}>
        <h3 id={`search-group-${group.kind}`} className="mb-1 text-xs font-semibold uppercase text-slate-600">
          {SEARCH_KIND_LABELS[group.kind]} ({group.total.toLocaleString("en-US")}
          {data.capped && group.total >= SEARCH_COUNT_CAP ? "+" : ""})
        </h3>
        <ul className="grid gap-1">
          {group.results.map((result) => (
            <li key={`${result.project}/${result.parentName}/${result.name}/${result.version}`}>
              <Link
                href={resultHref(result)}
                onClick={onNavigate}
                className="block rounded-md px-2 py-1.5 hover:bg-slate-100 focus:bg-slate-100 focus:outline-none"
              >
                <span className="flex flex-wrap items-center gap-2 text-sm">
                  <span className="font-mono font-medium text-slate-900">
                    {result.parentName && result.kind === "feature" && (
                      <span className="text-slate-500">{result.parentName}.</span>
                    )}
                    <Highlighted text={result.name} terms={data.terms} />
                  </span>
                  {result.version !== null && <span className="text-xs text-slate-500">v{result.version}</span>}
                  {result.type && (
                    <code className="rounded bg-slate-100 px-1 text-xs text-slate-700">{result.type}</code>
                  )}
                  <span className="text-xs text-slate-600">in {result.project}</span>
                  <TagBadges tags={result.tags} keywords={result.keywords} />
                </span>
                {result.description && (
                  <span className="mt-0.5 block truncate text-xs text-slate-600">
                    <Highlighted text={result.description} terms={data.terms} />
                  </span>
                )}
              </Link>
            </li>
          ))}
        </ul>
      </section>
    ))}
  </div>
);
