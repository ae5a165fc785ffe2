"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { ZCreateUserSchema } from "@/lib/api/schemas";
import { ApiError, apiFetch } from "@/lib/client/api";
import { fieldErrorsOf, type TFieldErrors } from "@/lib/client/form-errors";
import { signInWithPassword } from "@/lib/client/sign-in";

const ZSetupSchema = ZCreateUserSchema.omit({ isAdmin: true });

/** First run: creates the first administrator and signs them in. */
export const SetupForm = () => {
  const [values, setValues] = useState({ name: "", email: "", password: "" });
  const [errors, setErrors] = useState<TFieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [isPending, setIsPending] = useState(false);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const parsed = ZSetupSchema.safeParse(values);
    if (!parsed.success) return setErrors(fieldErrorsOf(parsed.error));
    setErrors({});
    setProblem(null);
    setIsPending(true);
    try {
      await apiFetch("/api/v1/setup", { method: "POST", json: parsed.data });
      const signedIn = await signInWithPassword({
        email: parsed.data.email,
        password: parsed.data.password,
        callbackUrl: "/projects",
      });
      window.location.assign(signedIn.ok ? "/projects" : "/signin");
    } catch (error) {
      setErrors(fieldErrorsOf(error));
      setProblem(
        error instanceof ApiError
          ? error.errors.length
            ? null
            : (error.detail ?? error.title)
          : "Could not reach the server. Try again.",
      );
      setIsPending(false);
    }
  };
  const field = (key: keyof typeof values) => ({
    value: values[key],
    onChange: (event: React.ChangeEvent<HTMLInputElement>) => setValues({ ...values, [key]: event.target.value }),
  });
  return (
    <form onSubmit={submit} noValidate className="grid gap-4">
      {problem && <Alert tone="danger">{problem}</Alert>}
      <Field label="Name" error={errors.name}>
        {(control) => <Input {...control} {...field("name")} autoComplete="name" autoFocus />}
      </Field>
      <Field label="Email" error={errors.email}>
        {(control) => <Input {...control} {...field("email")} type="email" autoComplete="username" />}
      </Field>
      <Field label="Password" error={errors.password} hint="At least 8 characters.">
        {(control) => <Input {...control} {...field("password")} type="password" autoComplete="new-password" />}
      </Field>
      <Button type="submit" className="w-full" isLoading={isPending}>
        Create administrator
      </Button>
    </form>
  );
};
