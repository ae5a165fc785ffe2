"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Users } from "lucide-react";
import { useSession } from "next-auth/react";
import { useState } from "react";
import { useCan, useCurrentProject } from "@/components/projects/project-context";
import { RoleBadge } from "@/components/projects/role-badge";
import { PageHeader } from "@/components/shell/page-header";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable, type ColumnDef } from "@/components/ui/data-table";
import { Select } from "@/components/ui/input";
import { ListCard } from "@/components/ui/list-page";
import { RelativeTime } from "@/components/ui/relative-time";
import { Options } from "@/components/ui/select-options";
import type { TMember } from "@/lib/api/schemas";
import { ApiError } from "@/lib/client/api";
import { fetchMembers, queryKeys, removeMember, updateMemberRole } from "@/lib/client/endpoints";
import { ROLE_LABELS, ROLES, type TRole } from "@/lib/scopes";
import { AddMemberDialog } from "./add-member-dialog";

export const MembersPage = () => {
  const project = useCurrentProject();
  const canManage = useCan("members:write");
  const queryClient = useQueryClient();
  const currentUserId = (useSession().data?.user as { id?: string } | undefined)?.id;
  const [problem, setProblem] = useState<string | null>(null);
  const query = useQuery({ queryKey: queryKeys.members(project.name), queryFn: () => fetchMembers(project.name) });
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.members(project.name) }),
      queryClient.invalidateQueries({ queryKey: queryKeys.project(project.name) }),
      queryClient.invalidateQueries({ queryKey: queryKeys.projects, exact: true }),
    ]);
  const roleMutation = useMutation({
    mutationFn: updateMemberRole,
    onMutate: () => setProblem(null),
    onSuccess: refresh,
    onError: (error) =>
      setProblem(error instanceof ApiError ? (error.detail ?? error.title) : "The role could not be changed."),
  });
  const columns: ColumnDef<TMember, unknown>[] = [
    {
      accessorKey: "name",
      header: "Name",
      cell: ({ row }) => (
        <span className="font-medium text-slate-900">
          {row.original.name}
          {row.original.userId === currentUserId && (
            <Badge className="ml-2" tone="neutral">
              you
            </Badge>
          )}
        </span>
      ),
    },
    {
      accessorKey: "email",
      header: "Email",
      cell: ({ row }) => <span className="text-slate-700">{row.original.email}</span>,
    },
    {
      accessorKey: "role",
      header: "Role",
      cell: ({ row }) =>
        canManage ? (
          <Select
            aria-label={`Role of ${row.original.email}`}
            value={row.original.role}
            disabled={roleMutation.isPending}
            onChange={(event) =>
              roleMutation.mutate({
                project: project.name,
                userId: row.original.userId,
                role: event.target.value as TRole,
              })
            }
            className="h-8 w-36"
          >
            <Options values={ROLES} labels={ROLE_LABELS} />
          </Select>
        ) : (
          <RoleBadge role={row.original.role} />
        ),
    },
    { accessorKey: "createdAt", header: "Added", cell: ({ row }) => <RelativeTime iso={row.original.createdAt} /> },
    ...(canManage
      ? [
          {
            id: "actions",
            header: () => <span className="sr-only">Actions</span>,
            enableSorting: false,
            cell: ({ row }) => (
              <div className="text-right">
                <ConfirmDialog
                  trigger={
                    <Button variant="danger-outline" size="sm" aria-label={`Remove ${row.original.email}`}>
                      Remove
                    </Button>
                  }
                  title={`Remove ${row.original.name}?`}
                  description={`${row.original.email} loses access to ${project.name} at once, and any API keys they made for it stop working.`}
                  confirmLabel="Remove member"
                  onConfirm={async () => {
                    await removeMember({ project: project.name, userId: row.original.userId });
                    await refresh();
                  }}
                />
              </div>
            ),
          } satisfies ColumnDef<TMember, unknown>,
        ]
      : []),
  ];
  return (
    <>
      <PageHeader
        title="Members"
        description={
          canManage
            ? "Who can use this project, and what their role lets them do."
            : "Who can use this project. Only owners can change members and roles."
        }
        actions={canManage && <AddMemberDialog project={project.name} />}
      />
      {problem && (
        <Alert tone="danger" title="The role was not changed" className="mb-4">
          {problem}
        </Alert>
      )}
      <ListCard
        query={query}
        items={query.data?.members}
        loading={{ label: "Loading members", columns: 4 }}
        empty={{
          icon: Users,
          title: "No members",
          description: "Add the people who will define and use features in this project.",
          action: canManage && <AddMemberDialog project={project.name} />,
        }}
      >
        {(members) => (
          <DataTable
            columns={columns}
            data={members}
            caption={`Members of ${project.name}`}
            filterLabel="Filter members"
            initialSorting={[{ id: "name", desc: false }]}
          />
        )}
      </ListCard>
    </>
  );
};
