"use client";

import { PageHeader } from "@/components/shell/page-header";
import { CardBody, Section } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { RelativeTime } from "@/components/ui/relative-time";
import { pluralize } from "@/lib/client/format";
import { DeleteProjectDialog } from "./delete-project-dialog";
import { useCan, useCurrentProject } from "./project-context";
import { RoleBadge } from "./role-badge";

const DetailRow = ({ label, children }: { label: string; children: React.ReactNode }) => (
  <div className="grid gap-1 px-5 py-3 sm:grid-cols-[12rem_1fr] sm:gap-4">
    <dt className="text-sm text-slate-600">{label}</dt>
    <dd className="min-w-0 text-sm text-slate-900">{children}</dd>
  </div>
);

export const ProjectGeneral = () => {
  const project = useCurrentProject();
  const canDelete = useCan("project:delete");
  return (
    <>
      <PageHeader title="General" description="This project's details." />
      <div className="space-y-6">
        <Section
          id="project-details"
          title="Project details"
          description="The name is permanent: it is part of every URL and table name in the project."
        >
          <dl className="divide-y divide-slate-100">
            <DetailRow label="Name">
              <span className="font-mono">{project.name}</span>
            </DetailRow>
            <DetailRow label="Description">
              {project.description || <span className="text-slate-500">No description</span>}
            </DetailRow>
            <DetailRow label="Project id">
              <span className="flex items-center gap-2">
                <code className="truncate font-mono text-xs">{project.id}</code>
                <CopyButton value={project.id} label="Copy project id" />
              </span>
            </DetailRow>
            <DetailRow label="Created">
              <RelativeTime iso={project.createdAt} />
            </DetailRow>
            <DetailRow label="Members">{pluralize(project.memberCount, "member")}</DetailRow>
            <DetailRow label="Your role">
              <RoleBadge role={project.role} />
            </DetailRow>
          </dl>
        </Section>
        {canDelete && (
          <Section id="danger-zone" className="border-red-200" title="Danger zone">
            <CardBody className="flex flex-wrap items-center justify-between gap-4">
              <div>
                <p className="text-sm font-medium text-slate-900">Delete this project</p>
                <p className="mt-0.5 text-sm text-slate-600">
                  Removes the project and everything in it for every member. There is no undo.
                </p>
              </div>
              <DeleteProjectDialog project={project.name} />
            </CardBody>
          </Section>
        )}
      </div>
    </>
  );
};
