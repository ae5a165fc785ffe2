"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormDialog } from "@/components/ui/form-dialog";
import { FormField } from "@/components/ui/form-field";
import { Input, Select } from "@/components/ui/input";
import { useFieldMessages, useZodForm } from "@/components/ui/use-zod-form";
import { ZCreateApiKeySchema } from "@/lib/api/schemas";
import { createApiKey, queryKeys } from "@/lib/client/endpoints";
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

type TApiKeyForm = { name: string; scopes: TScope[]; expiresInDays: string };

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
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const form = useZodForm<typeof ZCreateApiKeySchema, TApiKeyForm>({
    schema: ZCreateApiKeySchema,
    defaultValues: { name: "", scopes: [], expiresInDays: "90" },
    // The expiry is chosen as a period and sent as the instant it ends.
    toRequest: ({ name, scopes, expiresInDays }) => ({
      name,
      scopes,
      expiresAt: Number(expiresInDays) ? new Date(Date.now() + Number(expiresInDays) * DAY_MS).toISOString() : null,
    }),
  });
  const messages = useFieldMessages(form);
  const scopes = form.watch("scopes");
  const setScopes = (next: TScope[]) => form.setValue("scopes", next, { shouldValidate: form.formState.isSubmitted });
  // Kept in the order of the caller's own scopes, whatever order they were ticked in.
  const toggleScope = (scope: TScope, isChecked: boolean) =>
    setScopes(
      isChecked
        ? ownScopes.filter((own) => own === scope || scopes.includes(own))
        : scopes.filter((held) => held !== scope),
    );
  return (
    <FormDialog
      form={form}
      onSubmit={async (body) => {
        const { apiKey, secret } = await createApiKey({ project, body });
        setCreated({ name: apiKey.name, secret });
      }}
      invalidates={[queryKeys.apiKeys(project)]}
      closesOnSuccess={false}
      outcome={created && { content: <SecretReveal secret={created.secret} />, closeLabel: "Done" }}
      isOpen={isOpen}
      onOpenChange={onOpenChange}
      onClosed={() => setCreated(null)}
      title={created ? "API key created" : "Create API key"}
      description={
        created
          ? `“${created.name}” can now call the API for ${project}.`
          : "A key acts as you in this project, limited to the scopes you choose. It can never hold more than your role allows."
      }
      submitLabel="Create API key"
    >
      <FormField form={form} name="name" label="Name" hint="What uses this key, e.g. “training pipeline”.">
        {(control) => <Input {...control} autoComplete="off" autoFocus />}
      </FormField>
      <fieldset className="grid gap-1.5" aria-describedby={messages.scopes ? "scopes-error" : undefined}>
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
            <label key={scope} className="flex cursor-pointer items-start gap-2 rounded px-2 py-1.5 hover:bg-slate-50">
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
        {messages.scopes && (
          <p id="scopes-error" className="text-xs font-medium text-red-700">
            {messages.scopes}
          </p>
        )}
      </fieldset>
      <FormField form={form} name="expiresInDays" label="Expires">
        {(control) => (
          <Select {...control}>
            {EXPIRY_OPTIONS.map((option) => (
              <option key={option.days} value={option.days}>
                {option.label}
              </option>
            ))}
          </Select>
        )}
      </FormField>
    </FormDialog>
  );
};
