"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { SearchX } from "lucide-react";
import Link from "next/link";
import { createContext, useContext, useEffect } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import type { TProject } from "@/lib/api/schemas";
import { ApiError } from "@/lib/client/api";
import { fetchProject, queryKeys } from "@/lib/client/endpoints";
import { hasScope, type TScope } from "@/lib/scopes";

const ProjectContext = createContext<TProject | null>(null);

/**
 * Holds the project every page below /projects/{project} works in. The server resolved it for the first
 * render; react-query keeps it fresh (a role change shows without a reload).
 */
export const ProjectProvider = ({
  initialProject,
  children,
}: {
  initialProject: TProject;
  children: React.ReactNode;
}) => {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: queryKeys.project(initialProject.name),
    queryFn: () => fetchProject(initialProject.name),
  });
  // Share the server's answer with the sidebar, which asks for the same project, so it need not wait.
  useEffect(() => {
    if (!queryClient.getQueryData(queryKeys.project(initialProject.name)))
      queryClient.setQueryData(queryKeys.project(initialProject.name), initialProject);
  }, [queryClient, initialProject]);
  if (query.error instanceof ApiError && query.error.status === 404)
    return <ProjectNotFound name={initialProject.name} />;
  return <ProjectContext.Provider value={query.data ?? initialProject}>{children}</ProjectContext.Provider>;
};

export const useCurrentProject = (): TProject => {
  const project = useContext(ProjectContext);
  if (!project) throw new Error("useCurrentProject must be used inside ProjectProvider");
  return project;
};

/** Whether the signed-in user holds `scope` in the current project; the same check the API makes. */
export const useCan = (scope: TScope): boolean => hasScope({ scopes: useCurrentProject().scopes, required: scope });

export const ProjectNotFound = ({ name }: { name?: string }) => (
  <Card className="mt-10">
    <EmptyState
      icon={SearchX}
      title="Project not found"
      isPageTitle
      description={
        <>
          {name ? (
            <>
              There is no project <span className="font-mono font-medium text-slate-800">{name}</span> that you can see.
            </>
          ) : (
            "There is no such project that you can see."
          )}{" "}
          It may have been deleted, or you are not a member — ask its owner to add you.
        </>
      }
      action={
        <Button asChild variant="secondary">
          <Link href="/projects">Back to your projects</Link>
        </Button>
      }
    />
  </Card>
);
