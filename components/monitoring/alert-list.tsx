"use client";

import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { BellOff } from "lucide-react";
import { useCan } from "@/components/projects/project-context";
import { Badge, type TBadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { TableSkeleton } from "@/components/ui/skeleton";
import type { TAlert } from "@/lib/api/monitoring";
import { acknowledgeAlert, fetchAlerts, monitoringKeys } from "@/lib/client/monitoring";

const SEVERITY_TONE: Record<TAlert["severity"], TBadgeTone> = { info: "info", warning: "warning", critical: "danger" };

/** Alerts newest first (of one subject, or the whole project), each with its link and an acknowledge button. */
export const AlertList = ({
  project,
  subject,
  emptyText,
}: {
  project: string;
  subject?: string;
  emptyText: string;
}) => {
  const canAcknowledge = useCan("jobs:write");
  const queryClient = useQueryClient();
  const alerts = useQuery({
    queryKey: monitoringKeys.alerts(project, subject),
    queryFn: () => fetchAlerts(project, subject),
  });
  const acknowledge = useMutation({
    mutationFn: ({ id, acknowledged }: { id: string; acknowledged: boolean }) =>
      acknowledgeAlert(project, id, acknowledged),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["projects", project, "alerts"] }),
  });
  if (alerts.isPending) return <TableSkeleton label="Loading alerts" />;
  if (alerts.isError)
    return <ErrorState error={alerts.error} onRetry={() => alerts.refetch()} title="Could not load alerts" />;
  if (alerts.data.alerts.length === 0) return <EmptyState icon={BellOff} title="No alerts" description={emptyText} />;
  return (
    <ul className="divide-y divide-slate-100" aria-label="Alerts">
      {alerts.data.alerts.map((alert) => (
        <li key={alert.id} className="flex items-start gap-3 px-5 py-3" data-testid="alert">
          <Badge tone={SEVERITY_TONE[alert.severity]} className="mt-0.5 shrink-0">
            {alert.severity}
          </Badge>
          <div className="min-w-0 flex-1">
            <p className={alert.acknowledgedAt ? "text-sm text-slate-500" : "text-sm font-medium text-slate-900"}>
              {alert.message}
            </p>
            <p className="mt-0.5 text-xs text-slate-600">
              <span className="font-mono">{alert.kind}</span> · <RelativeTime iso={alert.createdAt} />
              {alert.link && (
                <>
                  {" · "}
                  <Link href={alert.link} className="text-brand-700 underline hover:no-underline">
                    Open
                  </Link>
                </>
              )}
              {alert.acknowledgedAt && " · acknowledged"}
            </p>
          </div>
          {canAcknowledge && (
            <Button
              size="sm"
              variant="secondary"
              onClick={() => acknowledge.mutate({ id: alert.id, acknowledged: !alert.acknowledgedAt })}
            >
              {alert.acknowledgedAt ? "Reopen" : "Acknowledge"}
            </Button>
          )}
        </li>
      ))}
    </ul>
  );
};
