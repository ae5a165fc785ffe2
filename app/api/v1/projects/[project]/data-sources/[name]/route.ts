import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { deleteDataSource, getDataSource } from "@/server/sources";

export const GET = route(OPERATIONS.getDataSource, async ({ access, params }) =>
  getDataSource({ access, name: params.name }),
);

export const DELETE = route(OPERATIONS.deleteDataSource, async ({ ctx, access, params }) => {
  await deleteDataSource({ ctx, access, name: params.name });
});
