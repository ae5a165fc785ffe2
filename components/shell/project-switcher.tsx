"use client";

import { useQuery } from "@tanstack/react-query";
import { Check, FolderOpen, Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { CreateProjectDialog } from "@/components/projects/create-project-dialog";
import { DropdownMenuItem, DropdownMenuSeparator } from "@/components/ui/dropdown-menu";
import { ROLE_LABELS } from "@/lib/scopes";
import { fetchProjects, queryKeys } from "@/lib/client/endpoints";
import { projectHref } from "./nav-items";
import { ShellMenu } from "./shell-menu";

export const ProjectSwitcher = ({ project }: { project: string | undefined }) => {
  const router = useRouter();
  const [isCreating, setIsCreating] = useState(false);
  const { data, isPending, isError } = useQuery({ queryKey: queryKeys.projects, queryFn: fetchProjects });
  // Only a project the user belongs to counts as current; a mistyped URL must not look selected.
  const current =
    project && (!data || data.projects.some((candidate) => candidate.name === project)) ? project : undefined;
  return (
    <>
      <ShellMenu
        namePrefix="Switch project:"
        triggerClassName="gap-2 rounded-md border border-slate-200 bg-white px-2.5 py-2 shadow-sm hover:bg-slate-50"
        avatarClassName="size-6 rounded bg-brand-600 uppercase text-white"
        avatar={current ? current.slice(0, 1) : <FolderOpen className="size-3.5" />}
        text={
          <>
            <span className="block text-[11px] font-medium uppercase tracking-wide text-slate-500">Project</span>
            <span className="block truncate font-medium text-slate-900">{current ?? "Select a project"}</span>
          </>
        }
        contentClassName="w-64"
        label="Your projects"
      >
        {isPending && <p className="px-2.5 py-1.5 text-sm text-slate-600">Loading…</p>}
        {isError && <p className="px-2.5 py-1.5 text-sm text-red-700">Could not load your projects.</p>}
        {data?.projects.length === 0 && (
          <p className="px-2.5 py-1.5 text-sm text-slate-600">You are not in any project yet.</p>
        )}
        {data?.projects.map((project) => (
          <DropdownMenuItem key={project.id} onSelect={() => router.push(projectHref(project.name))}>
            <span className="min-w-0 flex-1 truncate">{project.name}</span>
            <span className="text-xs text-slate-500">{ROLE_LABELS[project.role]}</span>
            {project.name === current && <Check className="!text-brand-600" aria-label="Current project" />}
          </DropdownMenuItem>
        ))}
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => router.push("/projects")}>
          <FolderOpen aria-hidden /> All projects
        </DropdownMenuItem>
        <DropdownMenuItem onSelect={() => setIsCreating(true)}>
          <Plus aria-hidden /> New project
        </DropdownMenuItem>
      </ShellMenu>
      <CreateProjectDialog isOpen={isCreating} onOpenChange={setIsCreating} />
    </>
  );
};
