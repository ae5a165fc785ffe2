import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { createModel, findModels } from "@/server/models";

export const GET = route(OPERATIONS.listModels, async ({ access, query }) => ({
  models: await findModels({ access, ...query }),
}));

export const POST = route(OPERATIONS.createModel, async ({ ctx, access, body }) =>
  createModel({ ctx, access, input: body }),
);
