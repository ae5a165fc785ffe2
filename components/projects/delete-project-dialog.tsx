"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { deleteProject, queryKeys } from "@/lib/client/endpoints";

/** Deleting a project needs its name typed again: everything in it is lost. */
export const DeleteProjectDialog = ({ project }: { project: string }) => {
  const router = useRouter();
  const queryClient = useQueryClient();
  return (
    <ConfirmDialog
      trigger={
        <Button icon={Trash2} variant="danger">
          Delete project
        </Button>
      }
      title={`Delete ${project}?`}
      description="This permanently deletes the project with all its feature groups, stored feature data, jobs, members and API keys. Programs using its keys stop working at once. It cannot be undone."
      confirmLabel="Delete project"
      typedConfirmation={{ label: "Type the project name to confirm", value: project }}
      onConfirm={async () => {
        await deleteProject({ project, confirm: project });
        await queryClient.invalidateQueries({ queryKey: queryKeys.projects, exact: true });
        router.push("/projects");
      }}
    />
  );
};
