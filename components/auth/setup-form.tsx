"use client";

import { useFormState } from "react-hook-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { handleZodSubmit, useFormProblem, useZodForm } from "@/components/ui/use-zod-form";
import { ZCreateUserSchema } from "@/lib/api/schemas";
import { AccountFields } from "./account-fields";
import { apiFetch } from "@/lib/client/api";
import { signInWithPassword } from "@/lib/client/sign-in";

const ZSetupSchema = ZCreateUserSchema.omit({ isAdmin: true });

/** First run: creates the first administrator and signs them in. */
export const SetupForm = () => {
  const form = useZodForm({ schema: ZSetupSchema, defaultValues: { name: "", email: "", password: "" } });
  const problem = useFormProblem(form);
  const { isSubmitting } = useFormState({ control: form.control });
  const submit = handleZodSubmit({
    form,
    onSubmit: async (body) => {
      await apiFetch("/api/v1/setup", { method: "POST", json: body });
      const signedIn = await signInWithPassword({
        email: body.email,
        password: body.password,
        callbackUrl: "/projects",
      });
      window.location.assign(signedIn.ok ? "/projects" : "/signin");
    },
    fallback: "Could not reach the server. Try again.",
  });
  return (
    <form onSubmit={submit} noValidate className="grid gap-4">
      {problem && <Alert tone="danger">{problem}</Alert>}
      <AccountFields form={form} passwordHint="At least 8 characters." />
      <Button type="submit" className="w-full" isLoading={isSubmitting}>
        Create administrator
      </Button>
    </form>
  );
};
