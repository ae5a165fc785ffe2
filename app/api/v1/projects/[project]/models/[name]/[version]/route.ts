import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { deleteModel, getModel } from "@/server/models";

export const GET = route(OPERATIONS.getModel, async ({ access, params }) =>
  getModel({ access, name: params.name, version: params.version }),
);

export const DELETE = route(OPERATIONS.deleteModel, async ({ ctx, access, params }) => {
  await deleteModel({ ctx, access, name: params.name, version: params.version });
});
