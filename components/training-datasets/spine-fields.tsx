"use client";

import { UploadDropZone } from "@/components/feature-groups/upload-drop-zone";
import { useFileUpload } from "@/components/feature-groups/use-file-upload";
import { Field, FieldError, TextField } from "@/components/ui/field";
import { KindFieldset } from "@/components/ui/radio-choices";
import { Input, Select } from "@/components/ui/input";
import { Options, VersionOptions } from "@/components/ui/select-options";
import type { TFeatureGroup } from "@/lib/api/feature-groups";
import { messageAt } from "@/lib/client/form-errors";
import type { TDraftFieldsProps, TSpineDraft } from "./dataset-draft";

const SPINE_TYPES = [
  { value: "timeRange", label: "Time range", hint: "Rows of the root group whose event time is in [start, end)." },
  {
    value: "upload",
    label: "Spine upload",
    hint: "A file with the serving keys and an event-time column: one output row per file row.",
  },
  { value: "featureGroup", label: "Spine feature group", hint: "Another group's rows, joined as of their event time." },
] as const;

/** Where the label rows come from: a time range of the root group, an uploaded spine file, or a feature group. */
const TIME_RANGE_FIELDS = [
  { bound: "start", label: "Start (inclusive)", hint: "Your time zone; empty for the beginning." },
  { bound: "end", label: "End (exclusive)", hint: "Empty for now." },
] as const;

export const SpineFields = ({
  project,
  spine,
  servingKeys,
  groups,
  errors,
  onChange,
}: TDraftFieldsProps<TSpineDraft> & {
  project: string;
  spine: TSpineDraft;
  servingKeys: string[];
  groups: TFeatureGroup[];
}) => {
  const upload = useFileUpload(project);
  const startUpload = async (file: File) => {
    onChange({ ...spine, uploadId: null });
    const done = await upload.start(file);
    if (done)
      onChange({
        ...spine,
        uploadId: done.id,
        uploadEventTime: spine.uploadEventTime || done.suggestedEventTime || "",
      });
  };
  const uploadedColumns =
    upload.state.status === "done" ? upload.state.upload.inferredFeatures.map((feature) => feature.name) : [];
  return (
    <KindFieldset
      legend="Source of the label rows"
      label="Spine"
      choices={SPINE_TYPES}
      draft={spine}
      onChange={onChange}
    >
      {spine.type === "timeRange" && (
        <div className="grid gap-3 sm:grid-cols-2">
          {TIME_RANGE_FIELDS.map(({ bound, label, hint }) => (
            <TextField
              key={bound}
              label={label}
              hint={hint}
              error={errors[`spine.${bound}`] ?? (bound === "end" ? errors.spine : undefined)}
              type="datetime-local"
              value={spine[bound]}
              onValueChange={(value) => onChange({ ...spine, [bound]: value })}
            />
          ))}
        </div>
      )}
      {spine.type === "upload" && (
        <div className="grid gap-3">
          <p className="text-xs text-slate-600">
            The file needs the serving keys (<span className="font-mono">{servingKeys.join(", ")}</span>) and an
            event-time column (timestamp, date or epoch milliseconds).
          </p>
          <UploadDropZone
            state={upload.state}
            onFile={startUpload}
            onReset={() => {
              upload.reset();
              onChange({ ...spine, uploadId: null });
            }}
          />
          <FieldError message={messageAt(errors, "spine.uploadId")} />
          <Field label="Event-time column of the spine" error={errors["spine.eventTime"]}>
            {(control) =>
              uploadedColumns.length ? (
                <Select
                  {...control}
                  value={spine.uploadEventTime}
                  onValueChange={(uploadEventTime) => onChange({ ...spine, uploadEventTime })}
                >
                  <option value="">Choose a column…</option>
                  <Options values={uploadedColumns} />
                </Select>
              ) : (
                <Input
                  {...control}
                  value={spine.uploadEventTime}
                  onValueChange={(uploadEventTime) => onChange({ ...spine, uploadEventTime })}
                  className="font-mono"
                  placeholder="event_time"
                />
              )
            }
          </Field>
        </div>
      )}
      {spine.type === "featureGroup" && (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="Spine feature group" error={messageAt(errors, "spine.featureGroup")}>
            {(control) => (
              <Select
                {...control}
                value={spine.featureGroup}
                onChange={(event) =>
                  onChange({ ...spine, featureGroup: event.target.value, featureGroupEventTime: "" })
                }
              >
                <option value="">Choose a feature group…</option>
                <VersionOptions items={groups} valueOf={(group) => `${group.name}@${group.version}`} />
              </Select>
            )}
          </Field>
          <TextField
            label="Its event-time column (optional)"
            hint="Default: the group's event time."
            error={errors["spine.eventTime"]}
            value={spine.featureGroupEventTime}
            onValueChange={(featureGroupEventTime) => onChange({ ...spine, featureGroupEventTime })}
            className="font-mono"
            placeholder={
              groups.find((group) => `${group.name}@${group.version}` === spine.featureGroup)?.eventTime ?? "event_time"
            }
          />
        </div>
      )}
    </KindFieldset>
  );
};
