"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { TFeatureGroup } from "@/lib/api/feature-groups";
import { ApiError } from "@/lib/client/api";
import { deleteFeatureGroup, featureStoreKeys } from "@/lib/client/feature-store";
import { pluralize } from "@/lib/client/format";

/** Deleting a version needs its name typed again, and says what goes with it. */
export const DeleteVersionDialog = ({ project, group }: { project: string; group: TFeatureGroup }) => {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [isOpen, setIsOpen] = useState(false);
  const [confirm, setConfirm] = useState("");
  const mutation = useMutation({
    mutationFn: deleteFeatureGroup,
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: featureStoreKeys.featureGroup(project, group.name, group.version) });
      await queryClient.invalidateQueries({ queryKey: featureStoreKeys.featureGroups(project) });
      router.push(`/projects/${encodeURIComponent(project)}/feature-groups`);
    },
  });
  const changeOpen = (open: boolean) => {
    setIsOpen(open);
    if (open) return;
    setConfirm("");
    mutation.reset();
  };
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (confirm === group.name) mutation.mutate({ project, name: group.name, version: group.version });
  };
  const error = mutation.error instanceof ApiError ? (mutation.error.detail ?? mutation.error.title) : null;
  return (
    <Dialog open={isOpen} onOpenChange={changeOpen}>
      <DialogTrigger asChild>
        <Button variant="danger-outline">
          <Trash2 aria-hidden /> Delete version
        </Button>
      </DialogTrigger>
      <DialogContent
        title={`Delete ${group.name} v${group.version}?`}
        role="alertdialog"
        description="This permanently deletes this version and cannot be undone. Other versions of the group are kept."
      >
        <form onSubmit={submit} className="grid gap-4">
          <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700">
            <li>
              <span className="font-medium text-slate-900">{pluralize(group.rowCount, "row")}</span> of feature data
              {group.onlineEnabled ? ", in the offline and the online store" : ""}
            </li>
            <li>
              <span className="font-medium text-slate-900">{pluralize(group.commitCount, "commit")}</span> of history:
              time travel to them is no longer possible
            </li>
            <li>The offline table and all its files</li>
            <li>Its {pluralize(group.features.length, "feature")} and their descriptions</li>
          </ul>
          {error && <Alert tone="danger">{error}</Alert>}
          <Field
            label="Type the feature group name to confirm"
            hint={
              <>
                Enter <span className="font-mono font-medium text-slate-900">{group.name}</span>
              </>
            }
          >
            {(control) => (
              <Input
                {...control}
                value={confirm}
                onChange={(event) => setConfirm(event.target.value)}
                autoComplete="off"
                spellCheck={false}
                autoFocus
                className="font-mono"
              />
            )}
          </Field>
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="secondary">
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" variant="danger" disabled={confirm !== group.name} isLoading={mutation.isPending}>
              Delete this version
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
};
