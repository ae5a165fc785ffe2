"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { projectHref } from "@/components/shell/nav-items";
import { FormDialog } from "@/components/ui/form-dialog";
import { FormField } from "@/components/ui/form-field";
import { Input, Textarea } from "@/components/ui/input";
import { useZodForm } from "@/components/ui/use-zod-form";
import { ZCreateProjectSchema } from "@/lib/api/schemas";
import { createProject, queryKeys } from "@/lib/client/endpoints";

/** Creates a project (the caller becomes its Owner) and opens it. */
export const CreateProjectDialog = ({
  isOpen,
  onOpenChange,
}: {
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
}) => {
  const router = useRouter();
  const queryClient = useQueryClient();
  const form = useZodForm({ schema: ZCreateProjectSchema, defaultValues: { name: "", description: "" } });
  return (
    <FormDialog
      form={form}
      onSubmit={async (body) => {
        const project = await createProject(body);
        await queryClient.invalidateQueries({ queryKey: queryKeys.projects });
        router.push(projectHref(project.name));
      }}
      isOpen={isOpen}
      onOpenChange={onOpenChange}
      title="Create project"
      description="A project holds one feature store with its own members, API keys and audit log."
      submitLabel="Create project"
    >
      <FormField
        form={form}
        name="name"
        label="Name"
        hint="Lowercase letters, digits and underscores; it becomes part of URLs and table names."
      >
        {(control) => <Input {...control} autoComplete="off" autoFocus placeholder="fraud_detection" />}
      </FormField>
      <FormField form={form} name="description" label="Description">
        {(control) => <Textarea {...control} placeholder="What this project's features are for" />}
      </FormField>
    </FormDialog>
  );
};
