import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { getLabels, putLabels } from "@/server/tags";

export const GET = route(OPERATIONS.getDataSourceTags, async ({ access, params }) =>
  getLabels({ kind: "dataSource", access, name: params.name }),
);

export const PUT = route(OPERATIONS.putDataSourceTags, async ({ ctx, access, params, body }) =>
  putLabels({ kind: "dataSource", ctx, access, name: params.name, input: body }),
);
