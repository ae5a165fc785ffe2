"use client";

import { DeleteDialog } from "@/components/ui/delete-dialog";
import { deleteProject, queryKeys } from "@/lib/client/endpoints";

/** Deleting a project needs its name typed again: everything in it is lost. */
export const DeleteProjectDialog = ({ project }: { project: string }) => {
  return (
    <DeleteDialog
      label="Delete project"
      variant="danger"
      title={`Delete ${project}?`}
      description="This permanently deletes the project with all its feature groups, stored feature data, jobs, members and API keys. Programs using its keys stop working at once. It cannot be undone."
      confirmLabel="Delete project"
      typedConfirmation={{ label: "Type the project name to confirm", value: project }}
      onDelete={() => deleteProject({ project, confirm: project })}
      invalidates={[{ queryKey: queryKeys.projects, exact: true }]}
      goTo="/projects"
    />
  );
};
