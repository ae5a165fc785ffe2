"use client";

import { useQuery } from "@tanstack/react-query";
import { Database, Plus, Users } from "lucide-react";
import Link from "next/link";
import { useMemo, useState } from "react";
import { PageHeader } from "@/components/shell/page-header";
import { projectHref } from "@/components/shell/nav-items";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Select } from "@/components/ui/input";
import { SearchInput } from "@/components/ui/search-input";
import { RelativeTime } from "@/components/ui/relative-time";
import { Skeleton } from "@/components/ui/skeleton";
import type { TProject } from "@/lib/api/schemas";
import { fetchProjects, queryKeys } from "@/lib/client/endpoints";
import { pluralize } from "@/lib/client/format";
import { CreateProjectDialog } from "./create-project-dialog";
import { RoleBadge } from "./role-badge";

type TSort = "name" | "newest";

const sortProjects = (projects: TProject[], sort: TSort): TProject[] =>
  [...projects].sort((a, b) =>
    sort === "name" ? a.name.localeCompare(b.name) : b.createdAt.localeCompare(a.createdAt),
  );

const ProjectCard = ({ project }: { project: TProject }) => (
  <Card className="group relative flex flex-col p-5 transition-shadow focus-within:ring-2 focus-within:ring-brand-600 hover:shadow-md">
    <div className="flex items-start justify-between gap-3">
      <h2 className="truncate font-mono text-sm font-semibold text-slate-900">
        <Link href={projectHref(project.name)} className="after:absolute after:inset-0 focus-visible:outline-none">
          {project.name}
        </Link>
      </h2>
      <RoleBadge role={project.role} />
    </div>
    <p className="mt-2 line-clamp-2 min-h-10 text-sm text-slate-600">{project.description || "No description."}</p>
    <dl className="mt-4 flex items-center gap-4 border-t border-slate-100 pt-3 text-xs text-slate-600">
      <div className="flex items-center gap-1.5">
        <dt className="sr-only">Members</dt>
        <Users className="size-3.5" aria-hidden />
        <dd>{pluralize(project.memberCount, "member")}</dd>
      </div>
      <div className="flex items-center gap-1">
        <dt>Created</dt>
        <dd>
          <RelativeTime iso={project.createdAt} />
        </dd>
      </div>
    </dl>
  </Card>
);

const ProjectCardsSkeleton = () => (
  <div role="status" aria-label="Loading projects" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
    {[0, 1, 2].map((index) => (
      <Card key={index} className="space-y-3 p-5">
        <Skeleton className="h-4 w-32" />
        <Skeleton className="h-3 w-full" />
        <Skeleton className="h-3 w-2/3" />
        <Skeleton className="mt-4 h-3 w-40" />
      </Card>
    ))}
  </div>
);

export const ProjectsList = () => {
  const [isCreating, setIsCreating] = useState(false);
  const [filter, setFilter] = useState("");
  const [sort, setSort] = useState<TSort>("name");
  const query = useQuery({ queryKey: queryKeys.projects, queryFn: fetchProjects });
  const projects = query.data?.projects;
  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    const matching = (projects ?? []).filter(
      (project) => !needle || project.name.includes(needle) || project.description.toLowerCase().includes(needle),
    );
    return sortProjects(matching, sort);
  }, [projects, filter, sort]);
  const hasProjects = Boolean(projects?.length);
  return (
    <>
      <PageHeader
        title="Projects"
        description="Each project is a feature store with its own members, API keys and audit log."
        actions={
          hasProjects && (
            <Button onClick={() => setIsCreating(true)}>
              <Plus aria-hidden /> Create project
            </Button>
          )
        }
      />
      {query.isPending && <ProjectCardsSkeleton />}
      {query.isError && (
        <Card>
          <ErrorState error={query.error} onRetry={() => query.refetch()} />
        </Card>
      )}
      {projects?.length === 0 && (
        <Card>
          <EmptyState
            icon={Database}
            title="No projects yet"
            description="Create a project to start defining feature groups, or ask a project owner to add you to theirs."
            action={
              <Button onClick={() => setIsCreating(true)}>
                <Plus aria-hidden /> Create project
              </Button>
            }
          />
        </Card>
      )}
      {hasProjects && (
        <>
          <div className="mb-4 flex flex-wrap items-center gap-2">
            <SearchInput label="Filter projects" value={filter} onValueChange={setFilter} />
            <Select
              aria-label="Sort projects"
              value={sort}
              onChange={(event) => setSort(event.target.value as TSort)}
              className="w-auto"
            >
              <option value="name">Name</option>
              <option value="newest">Newest first</option>
            </Select>
          </div>
          {shown.length === 0 ? (
            <p className="py-8 text-center text-sm text-slate-600">No project matches “{filter}”.</p>
          ) : (
            <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
              {shown.map((project) => (
                <ProjectCard key={project.id} project={project} />
              ))}
            </div>
          )}
        </>
      )}
      <CreateProjectDialog isOpen={isCreating} onOpenChange={setIsCreating} />
    </>
  );
};
