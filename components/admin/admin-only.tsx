import { ShieldAlert } from "lucide-react";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

/** What a non-administrator sees on an administration page. */
export const AdminOnly = ({ description }: { description: string }) => (
  <Card>
    <EmptyState icon={ShieldAlert} title="Administrators only" isPageTitle description={description} />
  </Card>
);
