"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { UserPlus } from "lucide-react";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { ZAddMemberSchema } from "@/lib/api/schemas";
import { ApiError } from "@/lib/client/api";
import { addMember, queryKeys } from "@/lib/client/endpoints";
import { fieldErrorsOf, type TFieldErrors } from "@/lib/client/form-errors";
import { ROLE_LABELS, ROLES, type TRole } from "@/lib/scopes";
import { ROLE_DESCRIPTIONS } from "./role-descriptions";

export const AddMemberDialog = ({ project }: { project: string }) => {
  const queryClient = useQueryClient();
  const [isOpen, setIsOpen] = useState(false);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<TRole>("EDITOR");
  const [errors, setErrors] = useState<TFieldErrors>({});
  const mutation = useMutation({
    mutationFn: addMember,
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.members(project) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.projects }),
      ]);
      changeOpen(false);
    },
    onError: (error) => setErrors(fieldErrorsOf(error)),
  });
  const changeOpen = (open: boolean) => {
    setIsOpen(open);
    if (open) return;
    setEmail("");
    setRole("EDITOR");
    setErrors({});
    mutation.reset();
  };
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const parsed = ZAddMemberSchema.safeParse({ email, role });
    if (!parsed.success) return setErrors(fieldErrorsOf(parsed.error));
    setErrors({});
    mutation.mutate({ project, ...parsed.data });
  };
  const formError =
    mutation.error instanceof ApiError && mutation.error.errors.length === 0
      ? (mutation.error.detail ?? mutation.error.title)
      : null;
  return (
    <Dialog open={isOpen} onOpenChange={changeOpen}>
      <DialogTrigger asChild>
        <Button>
          <UserPlus aria-hidden /> Add member
        </Button>
      </DialogTrigger>
      <DialogContent
        title="Add member"
        description="Add someone who already has a Larder account. An administrator creates accounts."
      >
        <form onSubmit={submit} noValidate className="grid gap-4">
          {formError && <Alert tone="danger">{formError}</Alert>}
          <Field label="Email" error={errors.email}>
            {(control) => (
              <Input
                {...control}
                type="email"
                value={email}
                onChange={(event) => setEmail(event.target.value)}
                autoComplete="off"
                autoFocus
                placeholder="ada@example.com"
              />
            )}
          </Field>
          <Field label="Role" error={errors.role} hint={ROLE_DESCRIPTIONS[role]}>
            {(control) => (
              <Select {...control} value={role} onChange={(event) => setRole(event.target.value as TRole)}>
                {ROLES.map((option) => (
                  <option key={option} value={option}>
                    {ROLE_LABELS[option]}
                  </option>
                ))}
              </Select>
            )}
          </Field>
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="secondary">
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" isLoading={mutation.isPending}>
              Add member
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
};
