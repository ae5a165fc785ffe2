"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Select, Textarea } from "@/components/ui/input";
import { RefusalAlert } from "@/components/ui/refusal-alert";
import { TimeWindowFields } from "@/components/ui/time-window-fields";
import {
  CATEGORICAL_ONLY_METRICS,
  METRIC_LABELS,
  MONITOR_METRICS,
  NUMERIC_ONLY_METRICS,
  type TCreateMonitor,
  type TMonitor,
  type TMonitorMetric,
  type TUpdateMonitor,
} from "@/lib/api/monitoring";
import { ApiError } from "@/lib/client/api";
import { numberOrText } from "@/lib/client/form-values";
import { createMonitor, updateMonitor, type TMonitorTarget } from "@/lib/client/monitoring";

// Create or edit a drift monitor: which features with one metric and threshold each, the detection window, the
// reference and the schedule. The server validates everything (422 naming the field); its messages show here.

export type TMonitorableFeature = { name: string; type: string };
const NUMERIC = new Set(["int", "bigint", "float", "double"]);
const CATEGORICAL = new Set(["string", "boolean"]);
const metricsFor = (type: string): TMonitorMetric[] =>
  MONITOR_METRICS.filter((metric) =>
    NUMERIC.has(type) ? !CATEGORICAL_ONLY_METRICS.includes(metric) : !NUMERIC_ONLY_METRICS.includes(metric),
  );

type TFeatureChoice = { enabled: boolean; metric: TMonitorMetric; threshold: string };
type TForm = {
  name: string;
  features: Record<string, TFeatureChoice>;
  detectionKind: "rolling" | "commits" | "servedVectors";
  duration: string;
  commits: string;
  referenceKind: "previousWindow" | "fixedWindow" | "trainingDataset" | "fixedValues";
  start: string;
  end: string;
  dataset: string;
  datasetVersion: string;
  split: string;
  values: string;
  cron: string;
};

const initialForm = (features: TMonitorableFeature[], monitor?: TMonitor): TForm => {
  const chosen = new Map(monitor?.features.map((feature) => [feature.name, feature.metrics[0]]) ?? []);
  const reference = monitor?.reference;
  return {
    name: monitor?.name ?? "",
    features: Object.fromEntries(
      features.map((feature) => {
        const metric = chosen.get(feature.name);
        return [
          feature.name,
          {
            enabled: Boolean(metric),
            metric: metric?.metric ?? "psi",
            threshold: metric ? String(metric.threshold) : "0.2",
          },
        ];
      }),
    ),
    detectionKind: monitor?.detection.kind ?? "rolling",
    duration:
      monitor?.detection.kind === "rolling" || monitor?.detection.kind === "servedVectors"
        ? monitor.detection.duration
        : "1d",
    commits: monitor?.detection.kind === "commits" ? String(monitor.detection.count) : "1",
    referenceKind: reference?.kind ?? "previousWindow",
    start: reference?.kind === "fixedWindow" ? reference.start : "",
    end: reference?.kind === "fixedWindow" ? reference.end : "",
    dataset: reference?.kind === "trainingDataset" ? reference.name : "",
    datasetVersion: reference?.kind === "trainingDataset" ? String(reference.version) : "1",
    split: reference?.kind === "trainingDataset" ? reference.split : "train",
    values:
      reference?.kind === "fixedValues" && typeof reference.values === "object"
        ? JSON.stringify(reference.values)
        : "{}",
    cron: monitor?.cron ?? "",
  };
};

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

const toRequest = (form: TForm) => {
  const features = Object.entries(form.features)
    .filter(([, choice]) => choice.enabled)
    .map(([name, choice]) => ({
      name,
      metrics: [{ metric: choice.metric, threshold: numberOrText(choice.threshold) }],
    }));
  const detection =
    form.detectionKind === "commits"
      ? { kind: "commits", count: numberOrText(form.commits) }
      : { kind: form.detectionKind, duration: form.duration.trim() };
  const reference =
    form.referenceKind === "fixedWindow"
      ? { kind: "fixedWindow", start: form.start.trim(), end: form.end.trim() }
      : form.referenceKind === "trainingDataset"
        ? {
            kind: "trainingDataset",
            name: form.dataset.trim(),
            version: numberOrText(form.datasetVersion),
            split: form.split.trim(),
          }
        : form.referenceKind === "fixedValues"
          ? { kind: "fixedValues", values: parseJson(form.values) }
          : { kind: "previousWindow" };
  return { features, detection, reference, cron: form.cron.trim() === "" ? null : form.cron.trim() };
};

export const MonitorDialog = ({
  project,
  target,
  features,
  monitor,
  onSaved,
}: {
  project: string;
  target: TMonitorTarget;
  features: TMonitorableFeature[];
  monitor?: TMonitor;
  onSaved?: (name: string) => void;
}) => {
  const monitorable = features.filter((feature) => NUMERIC.has(feature.type) || CATEGORICAL.has(feature.type));
  const [isOpen, setIsOpen] = useState(false);
  const [form, setForm] = useState<TForm>(() => initialForm(monitorable, monitor));
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: () => {
      const request = toRequest(form);
      return monitor
        ? updateMonitor(project, monitor.name, request as TUpdateMonitor)
        : createMonitor(project, {
            ...request,
            name: form.name.trim(),
            target: { [target.kind]: { name: target.name, version: target.version } },
          } as TCreateMonitor);
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ["projects", project, "monitors"] });
      setIsOpen(false);
      onSaved?.(saved.name);
    },
  });
  const errors = save.error instanceof ApiError ? save.error.errors : [];
  const fieldError = (path: string) => errors.find((error) => error.path === path)?.message;
  const set = (patch: Partial<TForm>) => setForm((current) => ({ ...current, ...patch }));
  const setFeature = (name: string, patch: Partial<TFeatureChoice>) =>
    setForm((current) => ({
      ...current,
      features: { ...current.features, [name]: { ...current.features[name]!, ...patch } },
    }));
  const submitted = toRequest(form).features.map((feature) => feature.name);
  const featureError = (name: string) => {
    const index = submitted.indexOf(name);
    return index < 0 ? undefined : errors.find((error) => error.path.startsWith(`features.${index}.`))?.message;
  };
  return (
    <Dialog
      open={isOpen}
      onOpenChange={(open) => {
        setIsOpen(open);
        if (open) {
          setForm(initialForm(monitorable, monitor));
          save.reset();
        }
      }}
    >
      <DialogTrigger asChild>
        <Button variant={monitor ? "secondary" : "primary"} size="sm">
          {monitor ? "Edit" : "New monitor"}
        </Button>
      </DialogTrigger>
      <DialogContent
        title={monitor ? `Edit ${monitor.name}` : "New monitor"}
        description="Compare a detection window with a reference and alert when a metric crosses its threshold."
        className="max-w-2xl"
      >
        <form
          noValidate
          className="grid gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            save.mutate();
          }}
        >
          {save.error && <RefusalAlert error={save.error} fallbackTitle="Could not save" />}
          {!monitor && (
            <Field label="Name" error={fieldError("name")} hint="Lower case letters, digits and underscores.">
              {(control) => <Input {...control} value={form.name} onValueChange={(name) => set({ name })} />}
            </Field>
          )}
          <fieldset className="grid gap-2">
            <legend className="mb-1 text-sm font-medium text-slate-800">Features, metric and threshold</legend>
            {monitorable.map((feature) => {
              const choice = form.features[feature.name]!;
              const error = featureError(feature.name);
              return (
                <div key={feature.name} className="grid grid-cols-[1fr_12rem_6rem] items-center gap-2">
                  <label className="flex items-center gap-2 text-sm text-slate-800">
                    <input
                      type="checkbox"
                      checked={choice.enabled}
                      onChange={(event) => setFeature(feature.name, { enabled: event.target.checked })}
                    />
                    <span className="font-mono">{feature.name}</span>
                    <span className="text-xs text-slate-500">{feature.type}</span>
                  </label>
                  <Select
                    aria-label={`Metric of ${feature.name}`}
                    value={choice.metric}
                    disabled={!choice.enabled}
                    onValueChange={(metric) => setFeature(feature.name, { metric: metric as TMonitorMetric })}
                  >
                    {metricsFor(feature.type).map((metric) => (
                      <option key={metric} value={metric}>
                        {METRIC_LABELS[metric]}
                      </option>
                    ))}
                  </Select>
                  <Input
                    aria-label={`Threshold of ${feature.name}`}
                    aria-invalid={Boolean(error)}
                    value={choice.threshold}
                    disabled={!choice.enabled}
                    onValueChange={(threshold) => setFeature(feature.name, { threshold })}
                  />
                  {error && <p className="col-span-3 text-xs text-red-700">{error}</p>}
                </div>
              );
            })}
          </fieldset>
          <div className="grid grid-cols-2 gap-3">
            <Field label="Detection window" error={fieldError("detection.kind")}>
              {(control) => (
                <Select
                  {...control}
                  value={form.detectionKind}
                  onValueChange={(kind) => set({ detectionKind: kind as TForm["detectionKind"] })}
                >
                  <option value="rolling">Rolling event-time window</option>
                  {target.kind === "featureGroup" && <option value="commits">Last N commits</option>}
                  {target.kind === "featureView" && <option value="servedVectors">Served vectors (logged)</option>}
                </Select>
              )}
            </Field>
            {form.detectionKind !== "commits" ? (
              <Field label="Length" hint="e.g. 30m, 12h, 1d" error={fieldError("detection.duration")}>
                {(control) => (
                  <Input {...control} value={form.duration} onValueChange={(duration) => set({ duration })} />
                )}
              </Field>
            ) : (
              <Field label="Commits" error={fieldError("detection.count")}>
                {(control) => <Input {...control} value={form.commits} onValueChange={(commits) => set({ commits })} />}
              </Field>
            )}
          </div>
          <Field label="Reference" error={fieldError("reference.kind")}>
            {(control) => (
              <Select
                {...control}
                value={form.referenceKind}
                onValueChange={(kind) => set({ referenceKind: kind as TForm["referenceKind"] })}
              >
                <option value="previousWindow">The previous window</option>
                <option value="fixedWindow">A fixed window</option>
                <option value="trainingDataset">A training dataset&apos;s split</option>
                <option value="fixedValues">Fixed values</option>
              </Select>
            )}
          </Field>
          {form.referenceKind === "fixedWindow" && (
            <TimeWindowFields
              start={form.start}
              end={form.end}
              onChange={set}
              fieldError={fieldError}
              path="reference"
            />
          )}
          {form.referenceKind === "trainingDataset" && (
            <div className="grid grid-cols-3 gap-3">
              <Field label="Training dataset" error={fieldError("reference.name")}>
                {(control) => <Input {...control} value={form.dataset} onValueChange={(dataset) => set({ dataset })} />}
              </Field>
              <Field label="Version" error={fieldError("reference.version")}>
                {(control) => (
                  <Input
                    {...control}
                    value={form.datasetVersion}
                    onValueChange={(datasetVersion) => set({ datasetVersion })}
                  />
                )}
              </Field>
              <Field label="Split" error={fieldError("reference.split")}>
                {(control) => <Input {...control} value={form.split} onValueChange={(split) => set({ split })} />}
              </Field>
            </div>
          )}
          {form.referenceKind === "fixedValues" && (
            <Field label="Values (JSON: feature → list)" error={fieldError("reference.values")}>
              {(control) => <Textarea {...control} value={form.values} onValueChange={(values) => set({ values })} />}
            </Field>
          )}
          <Field
            label="Schedule (cron, UTC)"
            hint="Empty: only “Run now”. e.g. 0 * * * * for hourly."
            error={fieldError("cron")}
          >
            {(control) => <Input {...control} value={form.cron} onValueChange={(cron) => set({ cron })} />}
          </Field>
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="secondary">
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" isLoading={save.isPending}>
              {monitor ? "Save" : "Create monitor"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
};
