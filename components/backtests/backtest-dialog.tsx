"use client";

import { useEffect, useRef, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { FlaskConical } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { ProgressBar } from "@/components/ui/progress-bar";
import { RefusalAlert } from "@/components/ui/refusal-alert";
import { TimeWindowFields } from "@/components/ui/time-window-fields";
import { TERMINAL_JOB_STATUSES } from "@/lib/api/jobs";
import { ApiError } from "@/lib/client/api";
import { createBacktest, type TBacktestTarget } from "@/lib/client/backtests";
import { fetchJob } from "@/lib/client/feature-store";
import { numberOrText } from "@/lib/client/form-values";

// Run a backtest of this version against the one it is to replace: the baseline version and the window (an event-time
// range, or a spine feature group). The server checks everything (422 naming the field); its refusals show here.
// Once queued, the dialog follows the job and opens the report when it is recorded.

const JOB_POLL_MS = 1000;

type TForm = {
  baselineVersion: string;
  windowKind: "timeRange" | "spine";
  start: string;
  end: string;
  spineName: string;
  spineVersion: string;
  spineEventTime: string;
};

const toRequest = (target: TBacktestTarget, form: TForm) => ({
  target: { [target.kind]: { name: target.name, version: target.version } },
  baseline: { version: numberOrText(form.baselineVersion) },
  window:
    form.windowKind === "timeRange"
      ? { kind: "timeRange", start: form.start.trim(), end: form.end.trim() }
      : {
          kind: "spine",
          featureGroup: { name: form.spineName.trim(), version: numberOrText(form.spineVersion) },
          ...(form.spineEventTime.trim() ? { eventTime: form.spineEventTime.trim() } : {}),
        },
});

const initialForm = (target: TBacktestTarget): TForm => ({
  baselineVersion: String(Math.max(1, target.version - 1)),
  windowKind: "timeRange",
  start: "",
  end: "",
  spineName: "",
  spineVersion: "1",
  spineEventTime: "",
});

export const BacktestDialog = ({
  project,
  target,
  onRecorded,
}: {
  project: string;
  target: TBacktestTarget;
  /** The report's id, once the job recorded it. */
  onRecorded: (backtestId: string) => void;
}) => {
  const [isOpen, setIsOpen] = useState(false);
  const [form, setForm] = useState<TForm>(() => initialForm(target));
  const [jobId, setJobId] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const start = useMutation({
    mutationFn: () => createBacktest(project, toRequest(target, form) as never),
    onSuccess: ({ job }) => setJobId(job.id),
  });
  const job = useQuery({
    queryKey: ["projects", project, "jobs", jobId],
    queryFn: () => fetchJob({ project, jobId: jobId! }),
    enabled: jobId !== null,
    refetchInterval: (query) =>
      query.state.data && TERMINAL_JOB_STATUSES.includes(query.state.data.status) ? false : JOB_POLL_MS,
  });
  const recorded =
    job.data?.status === "SUCCEEDED" ? ((job.data.result as { backtestId?: string } | null)?.backtestId ?? null) : null;
  // Each recorded report is opened once, whatever re-renders the parent causes meanwhile.
  const opened = useRef<string | null>(null);
  const latestOnRecorded = useRef(onRecorded);
  latestOnRecorded.current = onRecorded;
  useEffect(() => {
    if (!recorded || opened.current === recorded) return;
    opened.current = recorded;
    setIsOpen(false);
    setJobId(null);
    void queryClient
      .invalidateQueries({ queryKey: ["projects", project, "backtests"] })
      .then(() => latestOnRecorded.current(recorded));
  }, [recorded, project, queryClient]);
  const errors = start.error instanceof ApiError ? start.error.errors : [];
  const fieldError = (path: string) => errors.find((error) => error.path === path)?.message;
  const set = (patch: Partial<TForm>) => setForm((current) => ({ ...current, ...patch }));
  const running = jobId !== null && job.data?.status !== "FAILED" && job.data?.status !== "CANCELLED";
  return (
    <Dialog
      open={isOpen}
      onOpenChange={(open) => {
        setIsOpen(open);
        if (open) {
          setForm(initialForm(target));
          setJobId(null);
          start.reset();
        }
      }}
    >
      <DialogTrigger asChild>
        <Button size="sm" icon={FlaskConical}>
          Run backtest
        </Button>
      </DialogTrigger>
      <DialogContent
        title="Run backtest"
        description={`Compute ${target.name} v${target.version} and the version it replaces over the same history, and compare them.`}
        className="max-w-xl"
      >
        <form
          noValidate
          className="grid gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            start.mutate();
          }}
        >
          {start.error && <RefusalAlert error={start.error} fallbackTitle="Could not start" />}
          <Field
            label="Baseline version"
            hint="The version in production that this one is to replace."
            error={fieldError("baseline.version")}
          >
            {(control) => (
              <Input
                {...control}
                inputMode="numeric"
                value={form.baselineVersion}
                onValueChange={(baselineVersion) => set({ baselineVersion })}
              />
            )}
          </Field>
          <Field label="Window" error={fieldError("window")}>
            {(control) => (
              <Select
                {...control}
                value={form.windowKind}
                onValueChange={(kind) => set({ windowKind: kind as TForm["windowKind"] })}
              >
                <option value="timeRange">A range of event time</option>
                <option value="spine">A spine (a feature group&apos;s rows as label rows)</option>
              </Select>
            )}
          </Field>
          {form.windowKind === "timeRange" ? (
            <TimeWindowFields start={form.start} end={form.end} onChange={set} fieldError={fieldError} path="window" />
          ) : (
            <div className="grid grid-cols-3 gap-3">
              <Field label="Spine feature group" error={fieldError("window.featureGroup")}>
                {(control) => (
                  <Input {...control} value={form.spineName} onValueChange={(spineName) => set({ spineName })} />
                )}
              </Field>
              <Field label="Spine version" error={fieldError("window.featureGroup.version")}>
                {(control) => (
                  <Input
                    {...control}
                    value={form.spineVersion}
                    onValueChange={(spineVersion) => set({ spineVersion })}
                  />
                )}
              </Field>
              <Field label="Spine event time" hint="Default: its event time" error={fieldError("window.eventTime")}>
                {(control) => (
                  <Input
                    {...control}
                    value={form.spineEventTime}
                    onValueChange={(spineEventTime) => set({ spineEventTime })}
                  />
                )}
              </Field>
            </div>
          )}
          {jobId !== null && (
            <div className="grid gap-2" data-testid="backtest-job">
              <ProgressBar value={job.data?.progress ?? 0} label="Backtest progress" />
              {job.data?.status === "FAILED" && (
                <Alert tone="danger" title="The backtest failed; no report was kept">
                  {job.data.error}
                </Alert>
              )}
              {job.data?.status === "CANCELLED" && <Alert tone="warning">The backtest was cancelled.</Alert>}
            </div>
          )}
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="secondary">
                Close
              </Button>
            </DialogClose>
            <Button type="submit" isLoading={start.isPending || running}>
              Run backtest
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
};
