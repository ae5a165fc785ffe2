import type { Metadata } from "next";
import { AdminOnly } from "@/components/admin/admin-only";
import { UsersAdmin } from "@/components/admin/users-admin";
import { requireCurrentUser } from "@/server/registry/current-user";

export const metadata: Metadata = { title: "Users" };

export default async function AdminUsersPage() {
  const user = await requireCurrentUser();
  if (!user.isAdmin) {
    return (
      <AdminOnly description="Only platform administrators can list and create users. Ask one of them if you need an account for someone." />
    );
  }
  return <UsersAdmin />;
}
