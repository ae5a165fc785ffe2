"use client";

import { TagBadges } from "@/components/tags/tag-badges";
import type { TDiscoverableResult } from "@/lib/api/discovery";
import { RequestAccessDialog } from "./request-access-dialog";

const KIND_LABELS = { featureGroup: "feature group", featureView: "feature view" } as const;

/**
 * Matches in discoverable projects the user is not a member of (docs/sharing.md): name, description, tags, owner and
 * project only — no link into the project, which answers 404 until the user is a member — and "Request access".
 */
export const DiscoverableResults = ({ results }: { results: TDiscoverableResult[] }) => {
  if (!results.length) return null;
  const projects = [...new Set(results.map((result) => result.project))];
  return (
    <section aria-labelledby="search-discoverable" className="mt-4 border-t border-slate-200 pt-3">
      <h3 id="search-discoverable" className="mb-1 text-xs font-semibold uppercase text-slate-600">
        In projects you are not a member of ({results.length})
      </h3>
      {projects.map((project) => (
        <div key={project} className="mb-2 rounded-md border border-slate-200 p-2">
          <div className="mb-1 flex items-center justify-between gap-2">
            <span className="text-sm font-medium text-slate-900">{project}</span>
            <RequestAccessDialog project={project} />
          </div>
          <ul className="grid gap-1">
            {results
              .filter((result) => result.project === project)
              .map((result) => (
                <li key={`${result.kind}/${result.name}/${result.version}`} className="px-1 text-sm">
                  <span className="flex flex-wrap items-center gap-2">
                    <span className="font-mono font-medium text-slate-900">{result.name}</span>
                    {result.version !== null && <span className="text-xs text-slate-500">v{result.version}</span>}
                    <span className="text-xs text-slate-600">{KIND_LABELS[result.kind]}</span>
                    {result.owner && <span className="text-xs text-slate-600">owner {result.owner}</span>}
                    <TagBadges tags={result.tags} keywords={result.keywords} />
                  </span>
                  {result.description && (
                    <span className="mt-0.5 block truncate text-xs text-slate-600">{result.description}</span>
                  )}
                </li>
              ))}
          </ul>
        </div>
      ))}
    </section>
  );
};
