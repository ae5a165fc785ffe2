"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CalendarClock, Trash2 } from "lucide-react";
import Link from "next/link";
import { useCan, useCurrentProject } from "@/components/projects/project-context";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { IconButton } from "@/components/ui/button";
import { Section } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ListStates } from "@/components/ui/list-states";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/components/ui/table";
import { ApiError } from "@/lib/client/api";
import {
  deleteSchedule,
  featureGroupHref,
  featureStoreKeys,
  fetchSchedules,
  updateSchedule,
} from "@/lib/client/feature-store";
import { CreateScheduleDialog } from "./create-schedule-dialog";
import { useJobLookups } from "./use-job-lookups";

const groupIdOf = (payload: unknown): string | null =>
  payload && typeof payload === "object" && "featureGroupId" in payload
    ? String((payload as { featureGroupId: unknown }).featureGroupId)
    : null;

export const SchedulesSection = () => {
  const project = useCurrentProject();
  const canWrite = useCan("jobs:write");
  const queryClient = useQueryClient();
  const lookups = useJobLookups(project.name);
  const query = useQuery({
    queryKey: featureStoreKeys.schedules(project.name),
    queryFn: () => fetchSchedules(project.name),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: featureStoreKeys.schedules(project.name) });
  const toggle = useMutation({ mutationFn: updateSchedule, onSuccess: refresh });
  const create = canWrite && (
    <CreateScheduleDialog project={project.name} featureGroups={lookups.featureGroups ?? []} />
  );
  const schedules = query.data?.schedules;
  return (
    <Section
      id="schedules-title"
      title="Schedules"
      description="Compaction and vacuum run on a cron schedule, in UTC."
      actions={schedules && schedules.length > 0 && create}
    >
      {toggle.error && (
        <Alert tone="danger" className="m-4" title="The schedule was not changed">
          {toggle.error instanceof ApiError ? (toggle.error.detail ?? toggle.error.title) : "Try again."}
        </Alert>
      )}
      <ListStates
        query={query}
        items={schedules}
        loading={{ label: "Loading schedules", columns: 5, rows: 3 }}
        empty={{
          icon: CalendarClock,
          title: "No schedules",
          description:
            "Many small writes leave many small files. Schedule a nightly compaction to merge them, and a vacuum to delete files no commit needs any more.",
          action: create,
        }}
      >
        {(shown) => (
          <Table>
            <caption className="sr-only">Job schedules</caption>
            <TableHead>
              <tr>
                <TableHeaderCell>Type</TableHeaderCell>
                <TableHeaderCell>Feature group</TableHeaderCell>
                <TableHeaderCell>Cron (UTC)</TableHeaderCell>
                <TableHeaderCell>Enabled</TableHeaderCell>
                <TableHeaderCell>Next run</TableHeaderCell>
                <TableHeaderCell>Last run</TableHeaderCell>
                {canWrite && (
                  <TableHeaderCell>
                    <span className="sr-only">Actions</span>
                  </TableHeaderCell>
                )}
              </tr>
            </TableHead>
            <TableBody>
              {shown.map((schedule) => {
                const group = lookups.featureGroup(groupIdOf(schedule.payload));
                return (
                  <TableRow key={schedule.id}>
                    <TableCell className="font-mono text-xs font-medium">{schedule.type}</TableCell>
                    <TableCell>
                      {group ? (
                        <Link
                          href={featureGroupHref(project.name, group.name, group.version)}
                          className="text-brand-700 hover:underline"
                        >
                          {group.name} v{group.version}
                        </Link>
                      ) : (
                        <span className="text-slate-500">—</span>
                      )}
                    </TableCell>
                    <TableCell>
                      <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs">{schedule.cron}</code>
                    </TableCell>
                    <TableCell>
                      {canWrite ? (
                        <label className="inline-flex items-center gap-2 text-sm">
                          <input
                            type="checkbox"
                            className="accent-brand-600"
                            checked={schedule.enabled}
                            disabled={toggle.isPending}
                            onChange={(event) =>
                              toggle.mutate({
                                project: project.name,
                                scheduleId: schedule.id,
                                body: { enabled: event.target.checked },
                              })
                            }
                            aria-label={`Enable ${schedule.type} schedule ${schedule.cron}`}
                          />
                          {schedule.enabled ? "On" : "Paused"}
                        </label>
                      ) : (
                        <Badge tone={schedule.enabled ? "success" : "neutral"}>
                          {schedule.enabled ? "On" : "Paused"}
                        </Badge>
                      )}
                    </TableCell>
                    <TableCell>
                      {schedule.enabled ? (
                        <RelativeTime iso={schedule.nextRunAt} />
                      ) : (
                        <span className="text-slate-500">Paused</span>
                      )}
                    </TableCell>
                    <TableCell>
                      <RelativeTime iso={schedule.lastRunAt} fallback="Never" />
                    </TableCell>
                    {canWrite && (
                      <TableCell className="text-right">
                        <ConfirmDialog
                          trigger={
                            <IconButton icon={Trash2} label={`Delete ${schedule.type} schedule ${schedule.cron}`} />
                          }
                          title="Delete this schedule?"
                          description={`The ${schedule.type} job stops running on “${schedule.cron}”. Jobs it already started are kept.`}
                          confirmLabel="Delete schedule"
                          onConfirm={async () => {
                            await deleteSchedule({ project: project.name, scheduleId: schedule.id });
                            await refresh();
                          }}
                        />
                      </TableCell>
                    )}
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )}
      </ListStates>
    </Section>
  );
};
