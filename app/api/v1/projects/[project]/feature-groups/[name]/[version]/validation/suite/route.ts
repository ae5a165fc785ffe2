import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { deleteSuite, getSuite, putSuite } from "@/server/validation";

export const GET = route(OPERATIONS.getValidationSuite, async ({ access, params }) =>
  getSuite({ access, name: params.name, version: params.version }),
);

export const PUT = route(OPERATIONS.putValidationSuite, async ({ ctx, access, params, body }) =>
  putSuite({ ctx, access, name: params.name, version: params.version, input: body }),
);

export const DELETE = route(OPERATIONS.deleteValidationSuite, async ({ ctx, access, params }) => {
  await deleteSuite({ ctx, access, name: params.name, version: params.version });
});
