import type { Metadata } from "next";
import { ProjectGeneral } from "@/components/projects/project-general";

export const metadata: Metadata = { title: "General settings" };

export default function ProjectGeneralPage() {
  return <ProjectGeneral />;
}
