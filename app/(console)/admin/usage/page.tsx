import type { Metadata } from "next";
import { AdminOnly } from "@/components/admin/admin-only";
import { AdminUsage } from "@/components/usage/admin-usage";
import { requireCurrentUser } from "@/server/registry/current-user";

export const metadata: Metadata = { title: "Usage across projects" };

export default async function AdminUsagePage() {
  const user = await requireCurrentUser();
  if (!user.isAdmin) {
    return (
      <AdminOnly description="Only platform administrators see every project's usage. A project's Owners see its own under Settings → Usage." />
    );
  }
  return <AdminUsage />;
}
