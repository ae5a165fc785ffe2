import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { deleteProject, getProject } from "@/server/registry/projects";

export const GET = route(OPERATIONS.getProject, async ({ access }) => getProject({ access }));

export const DELETE = route(OPERATIONS.deleteProject, async ({ ctx, access, body }) => {
  await deleteProject({ ctx, access, confirm: body.confirm });
});
