"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useCurrentProject } from "@/components/projects/project-context";
import type { TShare } from "@/lib/api/sharing";
import { featureGroupHref } from "@/lib/client/feature-store";
import { featureViewHref, trainingDatasetHref } from "@/lib/client/feature-views";
import { fetchShares, shareKeys } from "@/lib/client/sharing";

// The receiving project's catalog (docs/sharing.md): what other projects share with it, accepted, by home project.
// Shared items are addressed under this project's own path by name and version.

const HREF_OF_KIND = {
  featureGroup: featureGroupHref,
  featureView: featureViewHref,
  trainingDataset: trainingDatasetHref,
};
const KIND_LABELS = { featureGroup: "Feature group", featureView: "Feature view", trainingDataset: "Training dataset" };

const ShareLine = ({ project, share }: { project: string; share: TShare }) => (
  <li className="grid gap-1">
    <p className="text-sm text-slate-800">
      From <span className="font-medium">{share.homeProject}</span>{" "}
      <span className="text-slate-600">({share.level === "READ" ? "read" : "read-write"})</span>
    </p>
    {share.items === "all" ? (
      <p className="text-sm text-slate-700">The whole feature store: its items appear in the lists above.</p>
    ) : (
      <ul className="flex flex-wrap gap-x-4 gap-y-1">
        {share.items.map((item) => (
          <li key={item.id} className="text-sm">
            <span className="text-slate-600">{KIND_LABELS[item.kind]}</span>{" "}
            <Link
              href={HREF_OF_KIND[item.kind](project, item.name, item.version)}
              className="font-mono text-xs text-slate-800 hover:text-brand-700 hover:underline"
            >
              {item.name} v{item.version}
            </Link>
          </li>
        ))}
      </ul>
    )}
  </li>
);

/** "Shared with this project": the accepted shares this project receives, with links to their items; hidden when none. */
export const SharedWithThisProject = () => {
  const project = useCurrentProject();
  const query = useQuery({ queryKey: shareKeys.list(project.name), queryFn: () => fetchShares(project.name) });
  const accepted = query.data?.sharedWith.filter((share) => share.status === "ACCEPTED") ?? [];
  if (!accepted.length) return null;
  return (
    <section aria-label="Shared with this project" className="mt-6 grid gap-3 rounded-lg border border-slate-200 p-4">
      <h2 className="text-base font-semibold text-slate-900">Shared with this project</h2>
      <ul className="grid gap-3">
        {accepted.map((share) => (
          <ShareLine key={share.id} project={project.name} share={share} />
        ))}
      </ul>
    </section>
  );
};
