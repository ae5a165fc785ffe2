import { withApi } from "@/server/http/with-api";
import { createProject, findProjectsForUser } from "@/server/registry/projects";
import { ZCreateProjectSchema } from "@/lib/api/schemas";

export const GET = withApi({ auth: "user" }, async ({ ctx }) => ({
  projects: await findProjectsForUser({ userId: ctx.principal.userId }),
}));

export const POST = withApi({ auth: "user", body: ZCreateProjectSchema }, async ({ ctx, body }) => ({
  status: 201,
  body: await createProject({ ctx, name: body.name, description: body.description }),
}));
