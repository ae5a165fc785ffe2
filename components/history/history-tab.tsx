"use client";

import { useQuery } from "@tanstack/react-query";
import { History } from "lucide-react";
import { useState } from "react";
import { Badge, type TBadgeTone } from "@/components/ui/badge";
import { CardBody, Section } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { Input, Select } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { ListStates } from "@/components/ui/list-states";
import { RelativeTime } from "@/components/ui/relative-time";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableRow } from "@/components/ui/table";
import type { TRevision } from "@/lib/api/history";
import {
  fetchDefinitionDiff,
  fetchDefinitionHistory,
  historyKeys,
  pointInTimeSelector,
  toLocalDateTime,
  type THistoryArea,
} from "@/lib/client/history";
import { DefinitionDiffView } from "./definition-diff-view";

const CHANGE_LABELS: Record<TRevision["change"], { label: string; tone: TBadgeTone }> = {
  created: { label: "Created", tone: "brand" },
  updated: { label: "Updated", tone: "info" },
  featuresAppended: { label: "Features added", tone: "success" },
  tags: { label: "Tags", tone: "violet" },
  deleted: { label: "Deleted", tone: "danger" },
};

// The choice "a version at a point in time" in a side's select (the other options are revisions, r<n>).
const POINT_IN_TIME = "time";

/** One side of the comparison: a revision, or a version as it stood at a local date and time. */
type TSide = { choice: string; version: number; localTime: string };

const revisionSide = (revision: TRevision): TSide => ({
  choice: `r${revision.revision}`,
  version: revision.version,
  // The field holds whole seconds: rounded up, so that the time still includes the revision it started from.
  localTime: toLocalDateTime(new Date(Math.ceil(Date.parse(revision.at) / 1000) * 1000)),
});

const selectorOf = (side: TSide): string =>
  side.choice === POINT_IN_TIME ? (pointInTimeSelector(side.version, side.localTime) ?? "") : side.choice;

/** Default comparison: the version shown as it stands against the revision just before it. */
const defaultPair = (revisions: TRevision[], version: number): [TSide, TSide] => {
  const ofVersion = revisions.filter((revision) => revision.version === version);
  const last = ofVersion.at(-1) ?? revisions.at(-1)!;
  const before = revisions[last.revision - 2] ?? last;
  return [revisionSide(before), revisionSide(last)];
};

const DiffSide = ({
  id,
  label,
  side,
  revisions,
  onChange,
}: {
  id: string;
  label: string;
  side: TSide;
  revisions: TRevision[];
  onChange: (side: TSide) => void;
}) => {
  const versions = [...new Set(revisions.map((revision) => revision.version))].sort((a, b) => a - b);
  return (
    <div className="grid content-start gap-2">
      <div className="grid gap-1">
        <Label htmlFor={id}>{label}</Label>
        <Select
          id={id}
          value={side.choice}
          onValueChange={(choice) => {
            // Switching to a point in time starts from the revision shown: its version and its time.
            const shown = revisions.find((revision) => `r${revision.revision}` === side.choice);
            onChange(shown ? { ...revisionSide(shown), choice } : { ...side, choice });
          }}
          className="w-72"
        >
          {revisions.map((revision) => (
            <option key={revision.revision} value={`r${revision.revision}`}>
              r{revision.revision} · v{revision.version} · {CHANGE_LABELS[revision.change].label}
            </option>
          ))}
          <option value={POINT_IN_TIME}>A version at a point in time…</option>
        </Select>
      </div>
      {side.choice === POINT_IN_TIME && (
        <div className="flex flex-wrap items-end gap-2">
          <div className="grid gap-1">
            <Label htmlFor={`${id}-version`}>{label} version</Label>
            <Select
              id={`${id}-version`}
              value={String(side.version)}
              onValueChange={(version) => onChange({ ...side, version: Number(version) })}
              className="w-24"
            >
              {versions.map((version) => (
                <option key={version} value={version}>
                  v{version}
                </option>
              ))}
            </Select>
          </div>
          <div className="grid gap-1">
            <Label htmlFor={`${id}-time`}>{label} time</Label>
            <Input
              id={`${id}-time`}
              type="datetime-local"
              step={1}
              value={side.localTime}
              onValueChange={(localTime) => onChange({ ...side, localTime })}
              className="w-56"
            />
          </div>
        </div>
      )}
    </div>
  );
};

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
  const [picked, setPicked] = useState<[TSide, TSide] | null>(null);
  const sides = picked ?? (revisions?.length ? defaultPair(revisions, version) : null);
  const [from, to] = sides ? [selectorOf(sides[0]), selectorOf(sides[1])] : ["", ""];
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
        description="Any two revisions of this name, across its versions, or a version as it stood at a point in time: schema, keys, joins, filters, transformations, tags."
      >
        <CardBody className="grid gap-4">
          {revisions && revisions.length > 0 && sides && (
            <div className="flex flex-wrap items-start gap-4">
              <DiffSide
                id="diff-from"
                label="From"
                side={sides[0]}
                revisions={revisions}
                onChange={(next) => setPicked([next, sides[1]])}
              />
              <DiffSide
                id="diff-to"
                label="To"
                side={sides[1]}
                revisions={revisions}
                onChange={(next) => setPicked([sides[0], next])}
              />
            </div>
          )}
          {sides && (!from || !to) && (
            <p className="text-sm text-slate-600">
              Give a whole date and time to compare the version as it stood then.
            </p>
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
