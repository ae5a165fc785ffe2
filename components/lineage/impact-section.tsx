"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { LINEAGE_KIND_LABELS } from "@/lib/api/lineage";
import { fetchLineageImpact, lineageKeys, type TLineageRef } from "@/lib/client/lineage";
import { formatCount } from "@/lib/client/format-values";
import { artifactHref } from "./artifact-href";

/** What depends on an artifact (GET …/lineage/impact): shown on the lineage page and before a delete. */
export const ImpactSection = ({ reference }: { reference: TLineageRef }) => {
  const query = useQuery({ queryKey: lineageKeys.impact(reference), queryFn: () => fetchLineageImpact(reference) });
  if (query.isPending) return <p className="text-sm text-slate-600">Looking for dependents…</p>;
  if (query.isError) return <p className="text-sm text-red-700">Could not find what depends on it.</p>;
  const { target, dependents, monitors } = query.data;
  const serving = target.servedVectors > 0 && (
    <p className="text-sm text-amber-800">
      Serving online: {formatCount(target.servedVectors)} vectors served in the last 7 days
    </p>
  );
  if (!dependents.length && !monitors.length)
    return (
      <>
        {serving}
        <p className="text-sm text-slate-600">Nothing depends on it.</p>
      </>
    );
  return (
    <>
      {serving}
      <ul aria-label="Dependents" className="space-y-1 text-sm">
        {dependents.map((dependent) => {
          const href = artifactHref(reference.project, dependent);
          const name = `${dependent.name}${dependent.version === null ? "" : ` v${dependent.version}`}`;
          return (
            <li key={`${dependent.kind}:${dependent.id}`} className="flex flex-wrap gap-2">
              <span className="text-slate-600">{LINEAGE_KIND_LABELS[dependent.kind]}</span>
              {href ? (
                <Link href={href} className="font-mono text-xs text-brand-700 hover:underline">
                  {name}
                </Link>
              ) : (
                <span className="font-mono text-xs">{name}</span>
              )}
              {dependent.recentReads > 0 && (
                <span className="text-xs text-amber-800">read {dependent.recentReads}× in the last 7 days</span>
              )}
              {dependent.servedVectors > 0 && (
                <span className="text-xs text-amber-800">
                  serving online: {formatCount(dependent.servedVectors)} vectors in the last 7 days
                </span>
              )}
            </li>
          );
        })}
        {monitors.map((monitor) => (
          <li key={`monitor:${monitor.name}`} className="flex flex-wrap gap-2">
            <span className="text-slate-600">Monitor</span>
            <span className="font-mono text-xs">{monitor.name}</span>
            <span className="text-xs text-slate-600">
              on {LINEAGE_KIND_LABELS[monitor.on.kind].toLowerCase()} {monitor.on.name} v{monitor.on.version}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
};
