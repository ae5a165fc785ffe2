import type { Metadata } from "next";
import { AdminOnly } from "@/components/admin/admin-only";
import { TagSchemasAdmin } from "@/components/admin/tag-schemas-admin";
import { requireCurrentUser } from "@/server/registry/current-user";

export const metadata: Metadata = { title: "Tag schemas" };

export default async function AdminTagSchemasPage() {
  const user = await requireCurrentUser();
  if (!user.isAdmin) {
    return <AdminOnly description="Only platform administrators can define tag schemas. Every user can read them." />;
  }
  return <TagSchemasAdmin />;
}
