"use client";

import { useQuery } from "@tanstack/react-query";
import { Users } from "lucide-react";
import { AdminActions } from "./admin-actions";
import { Badge } from "@/components/ui/badge";
import { DataTable, type ColumnDef } from "@/components/ui/data-table";
import { ListPage } from "@/components/ui/list-page";
import { RelativeTime } from "@/components/ui/relative-time";
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
  return (
    <ListPage
      title="Users"
      description="Everyone who can sign in to this Larder. Access to a project comes from its members list."
      actions={
        <AdminActions current="/admin/users">
          <CreateUserDialog />
        </AdminActions>
      }
      query={query}
      items={query.data?.users}
      loading={{ label: "Loading users", columns: 5 }}
      empty={{ icon: Users, title: "No users", description: "Create accounts for the people on your team." }}
    >
      {(users) => (
        <DataTable
          columns={COLUMNS}
          data={users}
          caption="Users"
          filterLabel="Filter users"
          initialSorting={[{ id: "email", desc: false }]}
        />
      )}
    </ListPage>
  );
};
