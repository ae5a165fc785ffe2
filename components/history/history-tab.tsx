"use client";

import { useQuery } from "@tanstack/react-query";
import { History } from "lucide-react";
import { useState } from "react";
import { Badge, type TBadgeTone } from "@/components/ui/badge";
import { CardBody, Section } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { Select } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { ListStates } from "@/components/ui/list-states";
import { RelativeTime } from "@/components/ui/relative-time";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableRow } from "@/components/ui/table";
import type { TRevision } from "@/lib/api/history";
import { fetchDefinitionDiff, fetchDefinitionHistory, historyKeys, type THistoryArea } from "@/lib/client/history";
import { DefinitionDiffView } from "./definition-diff-view";

const CHANGE_LABELS: Record<TRevision["change"], { label: string; tone: TBadgeTone }> = {
  created: { label: "Created", tone: "brand" },
  updated: { label: "Updated", tone: "info" },
  featuresAppended: { label: "Features added", tone: "success" },
  tags: { label: "Tags", tone: "violet" },
  deleted: { label: "Deleted", tone: "danger" },
};

/** Default comparison: the version shown as it stands against the revision just before it. */
const defaultPair = (revisions: TRevision[], version: number): [string, string] => {
  const ofVersion = revisions.filter((revision) => revision.version === version);
  const last = ofVersion.at(-1) ?? revisions.at(-1)!;
  const before = revisions[last.revision - 2] ?? last;
  return [`r${before.revision}`, `r${last.revision}`];
};

const RevisionSelect = ({
  id,
  label,
  value,
  revisions,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  revisions: TRevision[];
  onChange: (value: string) => void;
}) => (
  <div className="grid gap-1">
    <Label htmlFor={id}>{label}</Label>
    <Select id={id} value={value} onValueChange={onChange} className="w-72">
      {revisions.map((revision) => (
        <option key={revision.revision} value={`r${revision.revision}`}>
          r{revision.revision} · v{revision.version} · {CHANGE_LABELS[revision.change].label}
        </option>
      ))}
    </Select>
  </div>
);

/**
 * The definition history of a feature group's or view's name (every version), and a side-by-side diff of any two
 * revisions (docs/history.md).
 */
export const HistoryTab = ({
  project,
  area,
  name,
  version,
}: {
  project: string;
  area: THistoryArea;
  name: string;
  version: number;
}) => {
  const ref = { project, area, name };
  const history = useQuery({ queryKey: historyKeys.history(ref), queryFn: () => fetchDefinitionHistory(ref) });
  const revisions = history.data?.revisions;
  const [picked, setPicked] = useState<[string, string] | null>(null);
  const [from, to] = picked ?? (revisions?.length ? defaultPair(revisions, version) : ["", ""]);
  const diff = useQuery({
    queryKey: historyKeys.diff(ref, from, to),
    queryFn: () => fetchDefinitionDiff(ref, from, to),
    enabled: Boolean(from && to),
  });
  return (
    <div className="grid gap-6">
      <Section
        id="definition-diff-title"
        title="Compare definitions"
        description="Any two revisions of this name, across its versions: schema, keys, joins, filters, transformations, tags."
      >
        <CardBody className="grid gap-4">
          {revisions && revisions.length > 0 && (
            <div className="flex flex-wrap items-end gap-4">
              <RevisionSelect
                id="diff-from"
                label="From"
                value={from}
                revisions={revisions}
                onChange={(next) => setPicked([next, to])}
              />
              <RevisionSelect
                id="diff-to"
                label="To"
                value={to}
                revisions={revisions}
                onChange={(next) => setPicked([from, next])}
              />
            </div>
          )}
          {diff.isPending && from ? <Skeleton className="h-24" /> : null}
          {diff.isError && <ErrorState error={diff.error} onRetry={() => diff.refetch()} />}
          {diff.data && <DefinitionDiffView diff={diff.data} />}
        </CardBody>
      </Section>
      <Section
        id="definition-history-title"
        title="History"
        description="Every change to the definition, newest first."
      >
        <ListStates
          query={history}
          items={revisions ? [...revisions].reverse() : undefined}
          loading={{ label: "Loading the history", columns: 6 }}
          empty={{ icon: History, title: "No history", description: "Changes to the definition appear here." }}
        >
          {(shown) => (
            <Table
              caption={`Definition history of ${name}`}
              columns={["Revision", "Version", "Change", "What", "By", "When"]}
            >
              <TableBody>
                {shown.map((revision) => (
                  <TableRow key={revision.revision}>
                    <TableCell className="font-mono text-xs">r{revision.revision}</TableCell>
                    <TableCell>
                      <Badge tone="brand">v{revision.version}</Badge>
                    </TableCell>
                    <TableCell>
                      <Badge tone={CHANGE_LABELS[revision.change].tone}>{CHANGE_LABELS[revision.change].label}</Badge>
                    </TableCell>
                    <TableCell className="text-slate-700">{revision.summary || "—"}</TableCell>
                    <TableCell className="text-slate-700">{revision.actor ?? "system"}</TableCell>
                    <TableCell>
                      <RelativeTime iso={revision.at} />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </ListStates>
      </Section>
    </div>
  );
};
