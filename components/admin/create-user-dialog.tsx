"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { UserPlus } from "lucide-react";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { ZCreateUserSchema } from "@/lib/api/schemas";
import { ApiError } from "@/lib/client/api";
import { createUser, queryKeys } from "@/lib/client/endpoints";
import { fieldErrorsOf, type TFieldErrors } from "@/lib/client/form-errors";

const EMPTY = { name: "", email: "", password: "", isAdmin: false };

export const CreateUserDialog = () => {
  const queryClient = useQueryClient();
  const [isOpen, setIsOpen] = useState(false);
  const [values, setValues] = useState(EMPTY);
  const [errors, setErrors] = useState<TFieldErrors>({});
  const mutation = useMutation({
    mutationFn: createUser,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.users });
      changeOpen(false);
    },
    onError: (error) => setErrors(fieldErrorsOf(error)),
  });
  const changeOpen = (open: boolean) => {
    setIsOpen(open);
    if (open) return;
    setValues(EMPTY);
    setErrors({});
    mutation.reset();
  };
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const parsed = ZCreateUserSchema.safeParse(values);
    if (!parsed.success) return setErrors(fieldErrorsOf(parsed.error));
    setErrors({});
    mutation.mutate(parsed.data);
  };
  const text = (key: "name" | "email" | "password") => ({
    value: values[key],
    onChange: (event: React.ChangeEvent<HTMLInputElement>) => setValues({ ...values, [key]: event.target.value }),
  });
  const formError =
    mutation.error instanceof ApiError && mutation.error.errors.length === 0
      ? (mutation.error.detail ?? mutation.error.title)
      : null;
  return (
    <Dialog open={isOpen} onOpenChange={changeOpen}>
      <DialogTrigger asChild>
        <Button>
          <UserPlus aria-hidden /> Create user
        </Button>
      </DialogTrigger>
      <DialogContent
        title="Create user"
        description="The new user signs in with this email and password; project owners can then add them to projects."
      >
        <form onSubmit={submit} noValidate className="grid gap-4">
          {formError && <Alert tone="danger">{formError}</Alert>}
          <Field label="Name" error={errors.name}>
            {(control) => <Input {...control} {...text("name")} autoComplete="off" autoFocus />}
          </Field>
          <Field label="Email" error={errors.email}>
            {(control) => <Input {...control} {...text("email")} type="email" autoComplete="off" />}
          </Field>
          <Field label="Password" error={errors.password} hint="At least 8 characters. Share it privately.">
            {(control) => <Input {...control} {...text("password")} type="password" autoComplete="new-password" />}
          </Field>
          <label className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              className="mt-0.5 size-4 accent-brand-600"
              checked={values.isAdmin}
              onChange={(event) => setValues({ ...values, isAdmin: event.target.checked })}
            />
            <span>
              <span className="font-medium text-slate-800">Platform administrator</span>
              <span className="block text-xs text-slate-600">
                Can create users. Project access still comes from project membership.
              </span>
            </span>
          </label>
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="secondary">
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" isLoading={mutation.isPending}>
              Create user
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
};
