"use client";

import { useQuery } from "@tanstack/react-query";
import { ArrowRight, Network } from "lucide-react";
import Link from "next/link";
import { artifactHref } from "@/components/lineage/artifact-href";
import { LineageLink } from "@/components/lineage/lineage-link";
import { Badge } from "@/components/ui/badge";
import { CardBody, Section } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { LINEAGE_KIND_LABELS, LINEAGE_MAX_DEPTH, type TLineageNode } from "@/lib/api/lineage";
import { fetchLineage, lineageKeys, type TLineageRef } from "@/lib/client/lineage";
import { piiLabel } from "@/lib/lineage/view";
import { reachesDataSource, upstreamStages } from "@/lib/lineage/upstream";

const PLURAL_LABELS: Record<string, string> = {
  data_source: "Data sources",
  feature_group: "Feature groups",
  feature_view: "Feature views",
  training_dataset: "Training datasets",
};

const NodeLink = ({ project, node }: { project: string; node: TLineageNode }) => {
  const href = artifactHref(project, node);
  const label = `${node.name}${node.version === null ? "" : ` v${node.version}`}`;
  return (
    <li className="grid gap-1">
      {href ? (
        <Link href={href} className="font-mono text-sm text-brand-700 hover:underline">
          {label}
        </Link>
      ) : (
        <span className="font-mono text-sm">{label}</span>
      )}
      <span className="flex flex-wrap gap-1">
        {node.status.state !== "ok" && (
          <Badge tone="warning" title={node.status.message ?? undefined}>
            {node.status.state}
          </Badge>
        )}
        {node.pii.length > 0 && <Badge tone="danger">{piiLabel(node.pii)}</Badge>}
      </span>
    </li>
  );
};

/**
 * The model's lineage on its own page: everything upstream of it, stage by stage from where the data enters
 * (data sources) to the training datasets it was trained on (docs/models.md). The whole graph, downstream too,
 * is on the lineage page.
 */
export const ModelLineageSection = ({ project, name, version }: { project: string; name: string; version: number }) => {
  const ref: TLineageRef = { project, kind: "model", name, version };
  const query = useQuery({
    queryKey: lineageKeys.graph(ref, LINEAGE_MAX_DEPTH, "upstream"),
    queryFn: () => fetchLineage(ref, LINEAGE_MAX_DEPTH, "upstream"),
  });
  const stages = query.data ? upstreamStages(query.data) : null;
  return (
    <Section
      id="model-lineage-title"
      title="Lineage"
      description="Where the model's data comes from, from the data sources to the training datasets it was trained on."
      actions={<LineageLink project={project} kind="model" name={name} version={version} />}
    >
      <CardBody>
        {query.isPending && <Skeleton className="h-20" aria-label="Loading the lineage" />}
        {query.isError && <ErrorState error={query.error} onRetry={() => query.refetch()} />}
        {stages && stages.length === 0 && (
          <EmptyState
            icon={Network}
            title="No lineage recorded"
            description="Link a feature view or a training dataset to the model to trace where its data comes from."
          />
        )}
        {stages && stages.length > 0 && (
          <>
            <ol aria-label={`Lineage of ${name} v${version}`} className="flex flex-wrap items-start gap-3">
              {stages.map((stage) => (
                <li key={stage.kind} className="flex items-start gap-3">
                  <div className="grid min-w-40 gap-2 rounded-md border border-slate-200 px-3 py-2">
                    <h3 className="text-xs font-medium uppercase tracking-wide text-slate-600">
                      {PLURAL_LABELS[stage.kind] ?? LINEAGE_KIND_LABELS[stage.kind]}
                    </h3>
                    <ul className="grid gap-2">
                      {stage.nodes.map((node) => (
                        <NodeLink key={node.key} project={project} node={node} />
                      ))}
                    </ul>
                  </div>
                  <ArrowRight className="mt-4 size-4 shrink-0 text-slate-400" aria-hidden />
                </li>
              ))}
              <li className="grid min-w-32 gap-2 rounded-md border border-brand-600 bg-brand-50 px-3 py-2">
                <h3 className="text-xs font-medium uppercase tracking-wide text-slate-600">Model</h3>
                <span className="font-mono text-sm">
                  {name} v{version}
                </span>
              </li>
            </ol>
            {!reachesDataSource(stages) && (
              <p className="mt-3 text-sm text-slate-600">
                No data source upstream: its feature groups are filled by uploads, inserts or the SDK.
              </p>
            )}
          </>
        )}
      </CardBody>
    </Section>
  );
};
