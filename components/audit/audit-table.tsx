"use client";

import { ChevronRight } from "lucide-react";
import { Fragment, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/components/ui/table";
import { DescriptionItem } from "@/components/ui/description-item";
import { CodeChip } from "@/components/ui/code-chip";
import type { TAuditEvent } from "@/lib/api/schemas";
import { cn } from "@/lib/client/cn";

const hasDetails = (event: TAuditEvent): boolean =>
  event.details !== null &&
  event.details !== undefined &&
  !(typeof event.details === "object" && Object.keys(event.details as object).length === 0);

const EventDetails = ({ event }: { event: TAuditEvent }) => (
  <div className="grid gap-3 bg-slate-50 px-4 py-3 text-xs sm:grid-cols-[1fr_2fr]">
    <dl className="grid content-start gap-1.5">
      <DescriptionItem term="Event id" valueClassName="font-mono">
        {event.id}
      </DescriptionItem>
      <DescriptionItem term="Actor type / id" valueClassName="break-all font-mono">
        {event.actorType} {event.actorId ?? "—"}
      </DescriptionItem>
      <DescriptionItem term="Resource id" valueClassName="break-all font-mono">
        {event.resourceId ?? "—"}
      </DescriptionItem>
      <DescriptionItem term="User agent" valueClassName="break-all">
        {event.userAgent ?? "—"}
      </DescriptionItem>
    </dl>
    <pre
      tabIndex={0}
      className="max-h-64 overflow-auto rounded-md border border-slate-200 bg-white p-3 font-mono text-xs text-slate-800"
    >
      {hasDetails(event) ? JSON.stringify(event.details, null, 2) : "No details recorded."}
    </pre>
  </div>
);

/** The resource by the name it had when the event was recorded; its id on hover (events from before names: the id). */
const ResourceLabel = ({ event }: { event: TAuditEvent }) => {
  if (event.resourceName)
    return (
      <span
        className="ml-1.5 text-slate-700 underline decoration-dotted underline-offset-2"
        title={event.resourceId ? `id ${event.resourceId}` : undefined}
      >
        {event.resourceName}
      </span>
    );
  return event.resourceId ? <span className="ml-1.5 font-mono text-xs text-slate-600">{event.resourceId}</span> : null;
};

export const AuditTable = ({ events }: { events: TAuditEvent[] }) => {
  const [expanded, setExpanded] = useState<Set<number>>(new Set());
  const toggle = (id: number) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  return (
    <Table>
      <caption className="sr-only">Audit events, newest first</caption>
      <TableHead>
        <tr>
          <TableHeaderCell className="w-10">
            <span className="sr-only">Details</span>
          </TableHeaderCell>
          <TableHeaderCell>Time</TableHeaderCell>
          <TableHeaderCell>Actor</TableHeaderCell>
          <TableHeaderCell>Action</TableHeaderCell>
          <TableHeaderCell>Resource</TableHeaderCell>
          <TableHeaderCell>Client IP</TableHeaderCell>
        </tr>
      </TableHead>
      <TableBody>
        {events.map((event) => {
          const isExpanded = expanded.has(event.id);
          return (
            <Fragment key={event.id}>
              <TableRow>
                <TableCell className="py-2 pr-0">
                  <Button
                    variant="ghost"
                    size="icon"
                    aria-expanded={isExpanded}
                    aria-controls={`audit-details-${event.id}`}
                    aria-label={`${isExpanded ? "Hide" : "Show"} details of ${event.action} at ${event.at}`}
                    onClick={() => toggle(event.id)}
                  >
                    <ChevronRight className={cn("transition-transform", isExpanded && "rotate-90")} aria-hidden />
                  </Button>
                </TableCell>
                <TableCell className="py-2">
                  <RelativeTime iso={event.at} />
                </TableCell>
                <TableCell className="max-w-56 truncate py-2" title={event.actor}>
                  {event.actor}
                  {event.actorType !== "user" && (
                    <Badge className="ml-1.5" tone="violet">
                      {event.actorType}
                    </Badge>
                  )}
                </TableCell>
                <TableCell className="py-2">
                  <CodeChip>{event.action}</CodeChip>
                </TableCell>
                <TableCell className="py-2">
                  <span className="text-slate-800">{event.resourceType}</span>
                  <ResourceLabel event={event} />
                </TableCell>
                <TableCell className="py-2 font-mono text-xs text-slate-700">{event.clientIp ?? "—"}</TableCell>
              </TableRow>
              {isExpanded && (
                <tr id={`audit-details-${event.id}`}>
                  <td colSpan={6} className="p-0">
                    <EventDetails event={event} />
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </TableBody>
    </Table>
  );
};
