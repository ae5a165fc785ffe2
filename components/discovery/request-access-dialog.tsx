"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormDialog } from "@/components/ui/form-dialog";
import { FormField } from "@/components/ui/form-field";
import { Select, Textarea } from "@/components/ui/input";
import { Options } from "@/components/ui/select-options";
import { useZodForm } from "@/components/ui/use-zod-form";
import { REQUESTABLE_ROLES, ZCreateAccessRequestSchema } from "@/lib/api/discovery";
import { requestAccess } from "@/lib/client/discovery";
import { ROLE_LABELS } from "@/lib/scopes";

/** A discoverable search result's "Request access": the role asked for and why; the project's Owners decide. */
export const RequestAccessDialog = ({ project }: { project: string }) => {
  const [sent, setSent] = useState(false);
  const form = useZodForm({
    schema: ZCreateAccessRequestSchema,
    defaultValues: { project, role: "VIEWER", reason: "" },
  });
  if (sent) return <span className="text-xs font-medium text-emerald-700">Request sent</span>;
  return (
    <FormDialog
      form={form}
      onSubmit={async (body) => {
        await requestAccess(body);
        setSent(true);
      }}
      trigger={
        <Button size="sm" variant="secondary" aria-label={`Request access to ${project}`}>
          Request access
        </Button>
      }
      title={`Request access to ${project}`}
      description="The project's Owners see your request and decide; you are notified here in the console."
      submitLabel="Send request"
    >
      <FormField form={form} name="role" label="Role">
        {(control) => (
          <Select {...control}>
            <Options values={REQUESTABLE_ROLES} labels={ROLE_LABELS} />
          </Select>
        )}
      </FormField>
      <FormField form={form} name="reason" label="Reason">
        {(control) => <Textarea {...control} rows={3} placeholder="What you need it for" />}
      </FormField>
    </FormDialog>
  );
};
