"use client";

import { UserPlus } from "lucide-react";
import { Button } from "@/components/ui/button";
import { FormDialog } from "@/components/ui/form-dialog";
import { FormField } from "@/components/ui/form-field";
import { Input, Select } from "@/components/ui/input";
import { useZodForm } from "@/components/ui/use-zod-form";
import { Options } from "@/components/ui/select-options";
import { ZAddMemberSchema } from "@/lib/api/schemas";
import { addMember, queryKeys } from "@/lib/client/endpoints";
import { ROLE_LABELS, ROLES } from "@/lib/scopes";
import { ROLE_DESCRIPTIONS } from "./role-descriptions";

export const AddMemberDialog = ({ project }: { project: string }) => {
  const form = useZodForm({ schema: ZAddMemberSchema, defaultValues: { email: "", role: "EDITOR" } });
  return (
    <FormDialog
      form={form}
      onSubmit={(body) => addMember({ project, ...body })}
      invalidates={[queryKeys.members(project), queryKeys.projects]}
      trigger={<Button icon={UserPlus}>Add member</Button>}
      title="Add member"
      description="Add someone who already has a Larder account. An administrator creates accounts."
      submitLabel="Add member"
    >
      <FormField form={form} name="email" label="Email">
        {(control) => <Input {...control} type="email" autoComplete="off" autoFocus placeholder="ada@example.com" />}
      </FormField>
      <FormField form={form} name="role" label="Role" hint={ROLE_DESCRIPTIONS[form.watch("role")]}>
        {(control) => (
          <Select {...control}>
            <Options values={ROLES} labels={ROLE_LABELS} />
          </Select>
        )}
      </FormField>
    </FormDialog>
  );
};
