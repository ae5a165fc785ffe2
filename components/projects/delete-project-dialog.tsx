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
import { ApiError } from "@/lib/client/api";
import { deleteProject, queryKeys } from "@/lib/client/endpoints";

/** Deleting a project needs its name typed again: everything in it is lost. */
export const DeleteProjectDialog = ({ project }: { project: string }) => {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [isOpen, setIsOpen] = useState(false);
  const [confirm, setConfirm] = useState("");
  const mutation = useMutation({
    mutationFn: deleteProject,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.projects, exact: true });
      router.push("/projects");
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
    if (confirm === project) mutation.mutate({ project, confirm });
  };
  const error =
    mutation.error instanceof ApiError
      ? (mutation.error.errors[0]?.message ?? mutation.error.detail ?? mutation.error.title)
      : null;
  return (
    <Dialog open={isOpen} onOpenChange={changeOpen}>
      <DialogTrigger asChild>
        <Button variant="danger">
          <Trash2 aria-hidden /> Delete project
        </Button>
      </DialogTrigger>
      <DialogContent
        title={`Delete ${project}?`}
        description="This permanently deletes the project with all its feature groups, stored feature data, jobs, members and API keys. Programs using its keys stop working at once. It cannot be undone."
      >
        <form onSubmit={submit} className="grid gap-4">
          {error && <Alert tone="danger">{error}</Alert>}
          <Field
            label="Type the project name to confirm"
            hint={
              <>
                Enter <span className="font-mono font-medium text-slate-900">{project}</span>
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
            <Button type="submit" variant="danger" disabled={confirm !== project} isLoading={mutation.isPending}>
              Delete project
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
};
