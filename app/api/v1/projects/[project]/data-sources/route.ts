import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { createDataSource, findDataSources } from "@/server/sources";

export const GET = route(OPERATIONS.listDataSources, async ({ access }) => ({
  dataSources: await findDataSources({ access }),
}));

export const POST = route(OPERATIONS.createDataSource, async ({ ctx, access, body }) =>
  createDataSource({ ctx, access, input: body }),
);
