import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { createProject, findProjectsForPrincipal } from "@/server/registry/projects";

export const GET = route(OPERATIONS.listProjects, async ({ ctx }) => ({
  projects: await findProjectsForPrincipal({ principal: ctx.principal }),
}));

export const POST = route(OPERATIONS.createProject, async ({ ctx, body }) =>
  createProject({ ctx, name: body.name, description: body.description }),
);
