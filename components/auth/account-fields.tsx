"use client";

import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import type { TZodForm } from "@/components/ui/use-zod-form";

type TAccount = { name: string; email: string; password: string };

/**
 * A new account's name, email and password, for first-run setup (the person at the keyboard: the browser may fill
 * them) and for an administrator creating someone else's account (`isForSomeoneElse`: no autofill).
 */
export const AccountFields = <TValues extends TAccount>({
  form,
  passwordHint,
  isForSomeoneElse = false,
}: {
  form: TZodForm<TValues, unknown>;
  passwordHint: string;
  isForSomeoneElse?: boolean;
}) => {
  const fields = form as unknown as TZodForm<TAccount, unknown>;
  return (
    <>
      <FormField form={fields} name="name" label="Name">
        {(control) => <Input {...control} autoComplete={isForSomeoneElse ? "off" : "name"} autoFocus />}
      </FormField>
      <FormField form={fields} name="email" label="Email">
        {(control) => <Input {...control} type="email" autoComplete={isForSomeoneElse ? "off" : "username"} />}
      </FormField>
      <FormField form={fields} name="password" label="Password" hint={passwordHint}>
        {(control) => <Input {...control} type="password" autoComplete="new-password" />}
      </FormField>
    </>
  );
};
