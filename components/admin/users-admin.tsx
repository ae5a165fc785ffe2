"use client";

import { useQuery } from "@tanstack/react-query";
import { Users } from "lucide-react";
import { PageHeader } from "@/components/shell/page-header";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { DataTable, type ColumnDef } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { TableSkeleton } from "@/components/ui/skeleton";
import type { TUser } from "@/lib/api/schemas";
import { fetchUsers, queryKeys } from "@/lib/client/endpoints";
import { CreateUserDialog } from "./create-user-dialog";

const COLUMNS: ColumnDef<TUser, unknown>[] = [
  {
    accessorKey: "name",
    header: "Name",
    cell: ({ row }) => <span className="font-medium text-slate-900">{row.original.name}</span>,
  },
  { accessorKey: "email", header: "Email" },
  {
    id: "access",
    accessorFn: (user) => (user.isAdmin ? "Administrator" : "User"),
    header: "Access",
    cell: ({ row }) => (row.original.isAdmin ? <Badge tone="brand">Administrator</Badge> : <Badge>User</Badge>),
  },
  { accessorKey: "createdAt", header: "Created", cell: ({ row }) => <RelativeTime iso={row.original.createdAt} /> },
  {
    id: "lastLoginAt",
    accessorFn: (user) => user.lastLoginAt ?? "",
    header: "Last sign-in",
    cell: ({ row }) => <RelativeTime iso={row.original.lastLoginAt} fallback="Never" />,
  },
];

export const UsersAdmin = () => {
  const query = useQuery({ queryKey: queryKeys.users, queryFn: fetchUsers });
  const users = query.data?.users;
  return (
    <>
      <PageHeader
        title="Users"
        description="Everyone who can sign in to this Larder. Access to a project comes from its members list."
        actions={<CreateUserDialog />}
      />
      <Card>
        {query.isPending && <TableSkeleton label="Loading users" columns={5} />}
        {query.isError && <ErrorState error={query.error} onRetry={() => query.refetch()} />}
        {users?.length === 0 && (
          <EmptyState icon={Users} title="No users" description="Create accounts for the people on your team." />
        )}
        {users && users.length > 0 && (
          <DataTable
            columns={COLUMNS}
            data={users}
            caption="Users"
            filterLabel="Filter users"
            initialSorting={[{ id: "email", desc: false }]}
          />
        )}
      </Card>
    </>
  );
};
