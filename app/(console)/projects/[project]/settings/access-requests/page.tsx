import type { Metadata } from "next";
import { AccessRequestsPage } from "@/components/discovery/access-requests-page";

export const metadata: Metadata = { title: "Access requests" };

export default function ProjectAccessRequestsPage() {
  return <AccessRequestsPage />;
}
