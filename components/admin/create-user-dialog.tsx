"use client";

import { UserPlus } from "lucide-react";
import { AccountFields } from "@/components/auth/account-fields";
import { Button } from "@/components/ui/button";
import { FormDialog } from "@/components/ui/form-dialog";
import { useZodForm } from "@/components/ui/use-zod-form";
import { ZCreateUserSchema } from "@/lib/api/schemas";
import { createUser, queryKeys } from "@/lib/client/endpoints";

export const CreateUserDialog = () => {
  const form = useZodForm({
    schema: ZCreateUserSchema,
    defaultValues: { name: "", email: "", password: "", isAdmin: false },
  });
  return (
    <FormDialog
      form={form}
      onSubmit={createUser}
      invalidates={[queryKeys.users]}
      trigger={<Button icon={UserPlus}>Create user</Button>}
      title="Create user"
      description="The new user signs in with this email and password; project owners can then add them to projects."
      submitLabel="Create user"
    >
      <AccountFields form={form} passwordHint="At least 8 characters. Share it privately." isForSomeoneElse />
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" className="mt-0.5 size-4 accent-brand-600" {...form.register("isAdmin")} />
        <span>
          <span className="font-medium text-slate-800">Platform administrator</span>
          <span className="block text-xs text-slate-600">
            Can create users. Project access still comes from project membership.
          </span>
        </span>
      </label>
    </FormDialog>
  );
};
