"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCan } from "@/components/projects/project-context";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CardBody, Section } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { RelativeTime } from "@/components/ui/relative-time";
import type { TFreshness } from "@/lib/api/monitoring";
import { ApiError } from "@/lib/client/api";
import { fetchGroupFreshness, monitoringKeys, setGroupFreshnessSla } from "@/lib/client/monitoring";

const FRESHNESS_TONE = { ok: "success", late: "danger", none: "neutral" } as const;
const FRESHNESS_LABEL = { ok: "fresh", late: "stale", none: "no SLA" } as const;

/** "90 s", "12 min", "5 h", "2 d". */
const formatAge = (seconds: number) =>
  seconds < 120
    ? `${Math.round(seconds)} s`
    : seconds < 7200
      ? `${Math.round(seconds / 60)} min`
      : seconds < 172_800
        ? `${Math.round(seconds / 3600)} h`
        : `${Math.round(seconds / 86_400)} d`;

export const FreshnessBadge = ({ freshness }: { freshness: TFreshness }) => (
  <Badge tone={FRESHNESS_TONE[freshness.status]} data-testid="freshness-badge">
    {FRESHNESS_LABEL[freshness.status]}
    {freshness.lastCommitAgeSeconds !== null &&
      freshness.status !== "none" &&
      ` · ${formatAge(freshness.lastCommitAgeSeconds)}`}
  </Badge>
);

/** A feature group's freshness: the age of its last commit against the SLA, which writers set here (in hours). */
export const FreshnessCard = ({ project, name, version }: { project: string; name: string; version: number }) => {
  const canWrite = useCan("featureGroups:write");
  const queryClient = useQueryClient();
  const freshness = useQuery({
    queryKey: monitoringKeys.groupFreshness(project, name, version),
    queryFn: () => fetchGroupFreshness(project, name, version),
  });
  const [hours, setHours] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (slaSeconds: number | null) => setGroupFreshnessSla(project, name, version, slaSeconds),
    onSuccess: async () => {
      setHours(null);
      await queryClient.invalidateQueries({ queryKey: monitoringKeys.freshness(project) });
    },
  });
  const data = freshness.data;
  const shownHours = hours ?? (data?.slaSeconds ? String(data.slaSeconds / 3600) : "");
  const error = save.error instanceof ApiError ? (save.error.fieldError("slaSeconds") ?? save.error.message) : null;
  return (
    <Section id="freshness" title="Freshness" description="How old the last commit is, against the group's SLA.">
      <CardBody className="flex flex-wrap items-end gap-4 text-sm text-slate-700">
        {data && (
          <div className="grid gap-1">
            <FreshnessBadge freshness={data} />
            <span>
              Last commit <RelativeTime iso={data.lastCommitAt} fallback="never" />
            </span>
            {data.newestOnlineEventTime && (
              <span>
                Newest event time online <RelativeTime iso={data.newestOnlineEventTime} />
              </span>
            )}
          </div>
        )}
        {canWrite && (
          <form
            className="flex items-end gap-2"
            onSubmit={(event) => {
              event.preventDefault();
              save.mutate(shownHours.trim() === "" ? null : Math.round(Number(shownHours) * 3600));
            }}
          >
            <label className="grid gap-1">
              SLA (hours; empty for none)
              <Input className="h-8 w-28" value={shownHours} onValueChange={setHours} aria-invalid={Boolean(error)} />
            </label>
            <Button size="sm" variant="secondary" type="submit" isLoading={save.isPending}>
              Save SLA
            </Button>
            {error && <span className="text-xs text-red-700">{error}</span>}
          </form>
        )}
      </CardBody>
    </Section>
  );
};
