import { withProjectApi } from "@/server/http/with-api";
import { deleteProject, getProject } from "@/server/registry/projects";
import { ZDeleteProjectSchema } from "@/lib/api/schemas";

export const GET = withProjectApi({ scope: "project:read" }, async ({ access }) => getProject({ access }));

export const DELETE = withProjectApi(
  { scope: "project:delete", body: ZDeleteProjectSchema },
  async ({ ctx, access, body }) => {
    await deleteProject({ ctx, access, confirm: body.confirm });
    return { status: 204, body: null };
  },
);
