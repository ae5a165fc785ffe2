"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { ZCreateApiKeySchema } from "@/lib/api/schemas";
import { ApiError } from "@/lib/client/api";
import { createApiKey, queryKeys } from "@/lib/client/endpoints";
import { fieldErrorsOf, type TFieldErrors } from "@/lib/client/form-errors";
import type { TScope } from "@/lib/scopes";
import { SCOPE_DESCRIPTIONS } from "@/lib/scopes";
import { SecretReveal } from "./secret-reveal";

const DAY_MS = 24 * 60 * 60 * 1000;
const EXPIRY_OPTIONS = [
  { label: "Never", days: 0 },
  { label: "30 days", days: 30 },
  { label: "90 days", days: 90 },
  { label: "1 year", days: 365 },
];

/** Creates a personal key carrying a subset of the caller's own scopes, then shows its secret once. */
export const CreateApiKeyDialog = ({
  project,
  ownScopes,
  isOpen,
  onOpenChange,
}: {
  project: string;
  ownScopes: readonly TScope[];
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
}) => {
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<TScope[]>([]);
  const [expiryDays, setExpiryDays] = useState(90);
  const [errors, setErrors] = useState<TFieldErrors>({});
  const mutation = useMutation({
    mutationFn: createApiKey,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys(project) }),
    onError: (error) => setErrors(fieldErrorsOf(error)),
  });
  const changeOpen = (open: boolean) => {
    onOpenChange(open);
    if (open) return;
    setName("");
    setScopes([]);
    setExpiryDays(90);
    setErrors({});
    mutation.reset();
  };
  const toggleScope = (scope: TScope, isChecked: boolean) =>
    setScopes((current) =>
      isChecked
        ? ownScopes.filter((own) => own === scope || current.includes(own))
        : current.filter((held) => held !== scope),
    );
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const expiresAt = expiryDays ? new Date(Date.now() + expiryDays * DAY_MS).toISOString() : null;
    const parsed = ZCreateApiKeySchema.safeParse({ name, scopes, expiresAt });
    if (!parsed.success) return setErrors(fieldErrorsOf(parsed.error));
    setErrors({});
    mutation.mutate({ project, body: parsed.data });
  };
  const formError =
    mutation.error instanceof ApiError && mutation.error.errors.length === 0
      ? (mutation.error.detail ?? mutation.error.title)
      : null;
  const secret = mutation.data?.secret;
  return (
    <Dialog open={isOpen} onOpenChange={changeOpen}>
      {secret ? (
        <DialogContent
          title="API key created"
          description={`“${mutation.data?.apiKey.name}” can now call the API for ${project}.`}
          onInteractOutside={(event) => event.preventDefault()}
        >
          <SecretReveal secret={secret} />
          <DialogFooter>
            <DialogClose asChild>
              <Button>Done</Button>
            </DialogClose>
          </DialogFooter>
        </DialogContent>
      ) : (
        <DialogContent
          title="Create API key"
          description="A key acts as you in this project, limited to the scopes you choose. It can never hold more than your role allows."
        >
          <form onSubmit={submit} noValidate className="grid gap-4">
            {formError && <Alert tone="danger">{formError}</Alert>}
            <Field label="Name" error={errors.name} hint="What uses this key, e.g. “training pipeline”.">
              {(control) => (
                <Input
                  {...control}
                  value={name}
                  onChange={(event) => setName(event.target.value)}
                  autoComplete="off"
                  autoFocus
                />
              )}
            </Field>
            <fieldset className="grid gap-1.5" aria-describedby={errors.scopes ? "scopes-error" : undefined}>
              <div className="flex items-center justify-between">
                <legend className="text-sm font-medium text-slate-800">Scopes</legend>
                <Button
                  type="button"
                  variant="link"
                  size="sm"
                  onClick={() => setScopes(scopes.length === ownScopes.length ? [] : [...ownScopes])}
                >
                  {scopes.length === ownScopes.length ? "Clear all" : "Select all"}
                </Button>
              </div>
              <div className="grid max-h-56 gap-0.5 overflow-y-auto rounded-md border border-slate-200 p-1.5 sm:grid-cols-2">
                {ownScopes.map((scope) => (
                  <label
                    key={scope}
                    className="flex cursor-pointer items-start gap-2 rounded px-2 py-1.5 hover:bg-slate-50"
                  >
                    <input
                      type="checkbox"
                      className="mt-0.5 size-4 accent-brand-600"
                      checked={scopes.includes(scope)}
                      onChange={(event) => toggleScope(scope, event.target.checked)}
                    />
                    <span className="min-w-0">
                      <span className="block font-mono text-xs text-slate-900">{scope}</span>
                      <span className="block text-xs text-slate-600">{SCOPE_DESCRIPTIONS[scope]}</span>
                    </span>
                  </label>
                ))}
              </div>
              {errors.scopes && (
                <p id="scopes-error" className="text-xs font-medium text-red-700">
                  {errors.scopes}
                </p>
              )}
            </fieldset>
            <Field label="Expires" error={errors.expiresAt}>
              {(control) => (
                <Select {...control} value={expiryDays} onChange={(event) => setExpiryDays(Number(event.target.value))}>
                  {EXPIRY_OPTIONS.map((option) => (
                    <option key={option.days} value={option.days}>
                      {option.label}
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
                Create API key
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      )}
    </Dialog>
  );
};
