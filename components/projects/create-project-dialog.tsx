"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { ZCreateProjectSchema } from "@/lib/api/schemas";
import { ApiError } from "@/lib/client/api";
import { createProject, queryKeys } from "@/lib/client/endpoints";
import { fieldErrorsOf, type TFieldErrors } from "@/lib/client/form-errors";
import { projectHref } from "@/components/shell/nav-items";

/** Creates a project (the caller becomes its Owner) and opens it. */
export const CreateProjectDialog = ({
  isOpen,
  onOpenChange,
}: {
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
}) => {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [errors, setErrors] = useState<TFieldErrors>({});
  const mutation = useMutation({
    mutationFn: createProject,
    onSuccess: async (project) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.projects });
      onOpenChange(false);
      router.push(projectHref(project.name));
    },
    onError: (error) => setErrors(fieldErrorsOf(error)),
  });
  const changeOpen = (open: boolean) => {
    if (!open) {
      setName("");
      setDescription("");
      setErrors({});
      mutation.reset();
    }
    onOpenChange(open);
  };
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const parsed = ZCreateProjectSchema.safeParse({ name, description });
    if (!parsed.success) return setErrors(fieldErrorsOf(parsed.error));
    setErrors({});
    mutation.mutate(parsed.data);
  };
  const formError =
    mutation.error instanceof ApiError && mutation.error.errors.length === 0
      ? (mutation.error.detail ?? mutation.error.title)
      : null;
  return (
    <Dialog open={isOpen} onOpenChange={changeOpen}>
      <DialogContent
        title="Create project"
        description="A project holds one feature store with its own members, API keys and audit log."
      >
        <form onSubmit={submit} noValidate className="grid gap-4">
          {formError && <Alert tone="danger">{formError}</Alert>}
          <Field
            label="Name"
            error={errors.name}
            hint="Lowercase letters, digits and underscores; it becomes part of URLs and table names."
          >
            {(control) => (
              <Input
                {...control}
                value={name}
                onChange={(event) => setName(event.target.value)}
                autoComplete="off"
                autoFocus
                placeholder="fraud_detection"
              />
            )}
          </Field>
          <Field label="Description" error={errors.description}>
            {(control) => (
              <Textarea
                {...control}
                value={description}
                onChange={(event) => setDescription(event.target.value)}
                placeholder="What this project's features are for"
              />
            )}
          </Field>
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="secondary">
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" isLoading={mutation.isPending}>
              Create project
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
};
