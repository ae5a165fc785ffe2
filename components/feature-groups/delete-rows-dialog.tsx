"use client";

import { useMutation } from "@tanstack/react-query";
import { Eraser } from "lucide-react";
import { useState } from "react";
import { LiveJobSummary } from "@/components/jobs/live-job-summary";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";
import type { TFeatureGroup } from "@/lib/api/feature-groups";
import { ApiError } from "@/lib/client/api";
import { deleteRows } from "@/lib/client/feature-store";
import { pluralize } from "@/lib/client/format";

type TKey = Record<string, string | number | boolean>;

const INTEGER_TYPES = new Set(["int", "bigint"]);

/** Parses one key per line; composite keys list their columns' values comma-separated, in key order. */
export const parseKeys = (
  text: string,
  columns: { name: string; type: string }[],
): { keys: TKey[]; error: string | null } => {
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

export const DeleteRowsDialog = ({ project, group }: { project: string; group: TFeatureGroup }) => {
  const [isOpen, setIsOpen] = useState(false);
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const mutation = useMutation({ mutationFn: deleteRows });
  const columns = group.primaryKey.map((name) => ({
    name,
    type: group.features.find((feature) => feature.name === name)?.type ?? "string",
  }));
  const changeOpen = (open: boolean) => {
    setIsOpen(open);
    if (open) return;
    setText("");
    setError(null);
    mutation.reset();
  };
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const parsed = parseKeys(text, columns);
    setError(parsed.error);
    if (!parsed.error) mutation.mutate({ project, name: group.name, version: group.version, keys: parsed.keys });
  };
  const job = mutation.data?.job;
  const count = parseKeys(text, columns).keys.length;
  const apiError =
    mutation.error instanceof ApiError
      ? (mutation.error.errors[0]?.message ?? mutation.error.detail ?? mutation.error.title)
      : null;
  return (
    <Dialog open={isOpen} onOpenChange={changeOpen}>
      <DialogTrigger asChild>
        <Button variant="secondary">
          <Eraser aria-hidden /> Delete rows
        </Button>
      </DialogTrigger>
      <DialogContent
        title={`Delete rows from ${group.name} v${group.version}`}
        description="Every row with one of these primary keys is deleted, at all event times, from the offline and online stores. The deletion is a new commit: earlier commits still read the rows (time travel) until a vacuum removes their files."
      >
        <form onSubmit={submit} noValidate className="grid gap-4">
          {apiError && <Alert tone="danger">{apiError}</Alert>}
          {job ? (
            <LiveJobSummary project={project} initialJob={job} />
          ) : (
            <Field
              label={`Keys (${columns.map((column) => column.name).join(", ")})`}
              hint={
                columns.length === 1
                  ? "One key per line."
                  : `One key per line, values comma-separated in this order: ${columns.map((column) => column.name).join(", ")}.`
              }
              error={error ?? undefined}
            >
              {(control) => (
                <Textarea
                  {...control}
                  value={text}
                  onChange={(event) => setText(event.target.value)}
                  rows={5}
                  className="font-mono"
                  spellCheck={false}
                  placeholder={columns.map((column) => (INTEGER_TYPES.has(column.type) ? "1042" : "value")).join(", ")}
                />
              )}
            </Field>
          )}
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="secondary">
                {job ? "Close" : "Cancel"}
              </Button>
            </DialogClose>
            {!job && (
              <Button type="submit" variant="danger" isLoading={mutation.isPending} disabled={count === 0}>
                Delete {count > 0 ? `rows of ${pluralize(count, "key")}` : "by key"}
              </Button>
            )}
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
};
