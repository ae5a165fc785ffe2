import { ProjectNotFound } from "@/components/projects/project-context";

export default function ProjectNotFoundPage() {
  return <ProjectNotFound />;
}
