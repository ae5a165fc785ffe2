"use client";

import { useQuery } from "@tanstack/react-query";
import { Eraser } from "lucide-react";
import { Button } from "@/components/ui/button";
import { FormDialog } from "@/components/ui/form-dialog";
import { FormField } from "@/components/ui/form-field";
import { Select, Textarea } from "@/components/ui/input";
import { Options } from "@/components/ui/select-options";
import { RadioChoices } from "@/components/ui/radio-choices";
import { useZodForm } from "@/components/ui/use-zod-form";
import { ZCreateErasureRequestSchema, type TErasureDatasetPolicy } from "@/lib/api/erasure";
import type { TFeatureGroup } from "@/lib/api/feature-groups";
import { createErasureRequest, erasureKeys } from "@/lib/client/erasure";
import { featureStoreKeys, fetchFeatureGroups } from "@/lib/client/feature-store";
import { pluralize } from "@/lib/client/format";

// Filing an erasure request from the console: a primary-key column, its values one per line, every group with that
// column (or one of them), and what happens to training datasets holding the keys. The API checks each value against
// each group's column type and names the line it refuses.

const ALL_GROUPS = "";
const INTEGER_TYPES = new Set(["int", "bigint"]);

type TValues = { column: string; values: string; group: string; datasetPolicy: TErasureDatasetPolicy; note: string };

const POLICY_CHOICES = [
  {
    value: "recreate" as const,
    label: "Re-create",
    hint: "a new version without the keys; the old version's files are deleted",
  },
  { value: "mark" as const, label: "Mark", hint: "keep the dataset, marked as containing erased data" },
];

/** The key columns the project's groups have, with the type each has (the first group's, for typing the values). */
const keyColumnsOf = (groups: TFeatureGroup[]) => {
  const types = new Map<string, string>();
  for (const group of groups)
    for (const name of group.primaryKey)
      if (!types.has(name)) types.set(name, group.features.find((feature) => feature.name === name)?.type ?? "string");
  return types;
};

const linesOf = (text: string) =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);

export const FileErasureDialog = ({ project }: { project: string }) => {
  const groups = useQuery({
    queryKey: featureStoreKeys.featureGroupList(project, {}),
    queryFn: () => fetchFeatureGroups({ project }),
  });
  const columns = keyColumnsOf(groups.data?.featureGroups ?? []);
  const firstColumn = [...columns.keys()][0] ?? "";
  const toRequest = (values: TValues) => {
    const column = values.column || firstColumn;
    const type = columns.get(column) ?? "string";
    const group = groups.data?.featureGroups.find(
      (candidate) => `${candidate.name}@${candidate.version}` === values.group,
    );
    return {
      keys: linesOf(values.values).map((line) => ({
        [column]: INTEGER_TYPES.has(type) && /^-?\d+$/.test(line) ? Number(line) : line,
      })),
      ...(group ? { featureGroups: [{ name: group.name, version: group.version }] } : {}),
      datasetPolicy: values.datasetPolicy,
      note: values.note,
    };
  };
  const form = useZodForm<typeof ZCreateErasureRequestSchema, TValues>({
    schema: ZCreateErasureRequestSchema,
    defaultValues: { column: "", values: "", group: ALL_GROUPS, datasetPolicy: "recreate", note: "" },
    toRequest,
  });
  const column = form.watch("column") || firstColumn;
  const count = linesOf(form.watch("values")).length;
  const withColumn = (groups.data?.featureGroups ?? []).filter((group) => group.primaryKey.includes(column));
  return (
    <FormDialog
      form={form}
      onSubmit={(request) => createErasureRequest(project, request)}
      invalidates={[erasureKeys.list(project)]}
      trigger={<Button icon={Eraser}>File an erasure</Button>}
      title="File an erasure request"
      description="The rows of these keys leave every commit of the feature groups (their history before the erasure is deleted: time travel to it is refused), the online store, training datasets, validation reports, served-vector logs, statistics and job logs. It cannot be undone, and cannot be cancelled once it starts deleting."
      submitLabel={`Erase ${count > 0 ? pluralize(count, "key") : "keys"}`}
      submitVariant="danger"
      canSubmit={count > 0 && column !== ""}
      failure="The erasure request was not filed; try again."
    >
      <FormField form={form} name="column" label="Key column">
        {(control) => (
          <Select {...control} value={column}>
            <Options values={[...columns.keys()]} />
          </Select>
        )}
      </FormField>
      <FormField
        form={form}
        name="values"
        label={`Values of ${column || "the key"}`}
        hint="One key per line. Keys that are not there are reported as 0 rows."
      >
        {(control) => <Textarea {...control} rows={4} className="font-mono" spellCheck={false} />}
      </FormField>
      <FormField form={form} name="group" label="Feature groups">
        {(control) => (
          <Select {...control}>
            <option value={ALL_GROUPS}>
              Every group with {column || "this column"} in its key ({withColumn.length})
            </option>
            {withColumn.map((group) => (
              <option key={group.id} value={`${group.name}@${group.version}`}>
                Only {group.name} v{group.version}
              </option>
            ))}
          </Select>
        )}
      </FormField>
      <fieldset className="grid gap-1.5">
        <legend className="mb-1.5 text-sm font-medium text-slate-800">Training datasets holding the keys</legend>
        <RadioChoices
          name="datasetPolicy"
          label="Training datasets holding the keys"
          choices={POLICY_CHOICES}
          value={form.watch("datasetPolicy")}
          onChange={(value) => form.setValue("datasetPolicy", value)}
        />
      </fieldset>
      <FormField form={form} name="note" label="Note" hint="Why (a ticket number) — never the values themselves.">
        {(control) => <Textarea {...control} rows={2} />}
      </FormField>
    </FormDialog>
  );
};
