import type { Metadata } from "next";
import { ShieldAlert } from "lucide-react";
import { UsersAdmin } from "@/components/admin/users-admin";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { requireCurrentUser } from "@/server/registry/current-user";

export const metadata: Metadata = { title: "Users" };

export default async function AdminUsersPage() {
  const user = await requireCurrentUser();
  if (!user.isAdmin) {
    return (
      <Card>
        <EmptyState
          icon={ShieldAlert}
          title="Administrators only"
          isPageTitle
          description="Only platform administrators can list and create users. Ask one of them if you need an account for someone."
        />
      </Card>
    );
  }
  return <UsersAdmin />;
}
