import { notFound } from "next/navigation";
import { ProjectProvider } from "@/components/projects/project-context";
import { resolveProjectAccess } from "@/server/auth/access";
import { NotFoundError } from "@/server/errors";
import { getProject } from "@/server/registry/projects";
import { requireCurrentUser } from "@/server/registry/current-user";

export const dynamic = "force-dynamic";

// Resolved on the server with the API's own access check, so a project the user cannot see is a real 404.
export default async function ProjectLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ project: string }>;
}) {
  const { project: projectParam } = await params;
  const user = await requireCurrentUser();
  const principal = {
    kind: "user" as const,
    userId: user.id,
    email: user.email,
    name: user.name,
    isAdmin: user.isAdmin,
  };
  const project = await resolveProjectAccess({ principal, projectName: decodeURIComponent(projectParam) })
    .then((access) => getProject({ access }))
    .catch((error: unknown) => {
      if (error instanceof NotFoundError) return null;
      throw error;
    });
  if (!project) notFound();
  return <ProjectProvider initialProject={project}>{children}</ProjectProvider>;
}
