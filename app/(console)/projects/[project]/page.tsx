import { ProjectOverview } from "@/components/projects/project-overview";

export default function ProjectOverviewPage() {
  return <ProjectOverview />;
}
