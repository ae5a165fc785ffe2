"use client";

import { Eraser } from "lucide-react";
import { useState } from "react";
import { z } from "zod";
import { LiveJobSummary } from "@/components/jobs/live-job-summary";
import { Button } from "@/components/ui/button";
import { FormDialog } from "@/components/ui/form-dialog";
import { FormField } from "@/components/ui/form-field";
import { Textarea } from "@/components/ui/input";
import { useZodForm } from "@/components/ui/use-zod-form";
import { ZDeleteRowsSchema, type TFeatureGroup } from "@/lib/api/feature-groups";
import type { TJob } from "@/lib/api/jobs";
import { deleteRows } from "@/lib/client/feature-store";
import { pluralize } from "@/lib/client/format";

type TKey = Record<string, string | number | boolean>;
type TKeyColumn = { name: string; type: string };

const INTEGER_TYPES = new Set(["int", "bigint"]);

/** Parses one key per line; composite keys list their columns' values comma-separated, in key order. */
const parseKeys = (text: string, columns: TKeyColumn[]): { keys: TKey[]; error: string | null } => {
  const lines = text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  const keys: TKey[] = [];
  for (const [index, line] of lines.entries()) {
    const values = columns.length === 1 ? [line] : line.split(",").map((value) => value.trim());
    if (values.length !== columns.length)
      return {
        keys: [],
        error: `Line ${index + 1} has ${values.length} values; the key has ${columns.length} (${columns.map((column) => column.name).join(", ")}).`,
      };
    const key: TKey = {};
    for (const [at, column] of columns.entries()) {
      const raw = values[at];
      if (INTEGER_TYPES.has(column.type)) {
        if (!/^-?\d+$/.test(raw))
          return { keys: [], error: `Line ${index + 1}: ${column.name} must be a whole number (got “${raw}”).` };
        key[column.name] = Number(raw);
      } else if (column.type === "boolean") key[column.name] = raw === "true";
      else key[column.name] = raw;
    }
    keys.push(key);
  }
  return { keys, error: lines.length === 0 ? "Enter at least one key." : null };
};

// The keys are typed as text, one per line; the parsed list is then held to the API's own schema.
const deleteRowsSchemaFor = (columns: TKeyColumn[]) =>
  z
    .object({ keys: z.string() })
    .transform(({ keys: text }, context) => {
      const parsed = parseKeys(text, columns);
      if (parsed.error) context.addIssue({ code: "custom", path: ["keys"], message: parsed.error });
      return { keys: parsed.keys };
    })
    .pipe(ZDeleteRowsSchema);

export const DeleteRowsDialog = ({ project, group }: { project: string; group: TFeatureGroup }) => {
  const [job, setJob] = useState<TJob | null>(null);
  const columns = group.primaryKey.map((name) => ({
    name,
    type: group.features.find((feature) => feature.name === name)?.type ?? "string",
  }));
  const names = columns.map((column) => column.name).join(", ");
  const form = useZodForm({ schema: deleteRowsSchemaFor(columns), defaultValues: { keys: "" } });
  const count = parseKeys(form.watch("keys"), columns).keys.length;
  return (
    <FormDialog
      form={form}
      onSubmit={async ({ keys }) =>
        setJob((await deleteRows({ project, name: group.name, version: group.version, keys })).job)
      }
      closesOnSuccess={false}
      outcome={job && { content: <LiveJobSummary project={project} initialJob={job} />, closeLabel: "Close" }}
      onClosed={() => setJob(null)}
      trigger={
        <Button icon={Eraser} variant="secondary">
          Delete rows
        </Button>
      }
      title={`Delete rows from ${group.name} v${group.version}`}
      description="Every row with one of these primary keys is deleted, at all event times, from the offline and online stores. The deletion is a new commit: earlier commits still read the rows (time travel) until a vacuum removes their files."
      submitLabel={`Delete ${count > 0 ? `rows of ${pluralize(count, "key")}` : "by key"}`}
      submitVariant="danger"
      canSubmit={count > 0}
    >
      <FormField
        form={form}
        name="keys"
        label={`Keys (${names})`}
        hint={
          columns.length === 1
            ? "One key per line."
            : `One key per line, values comma-separated in this order: ${names}.`
        }
      >
        {(control) => (
          <Textarea
            {...control}
            rows={5}
            className="font-mono"
            spellCheck={false}
            placeholder={columns.map((column) => (INTEGER_TYPES.has(column.type) ? "1042" : "value")).join(", ")}
          />
        )}
      </FormField>
    </FormDialog>
  );
};
