import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { deleteSuite, getSuite, putSuite } from "@/server/validation";

// The suite of one feature group version: read, replace as a whole, remove.

export const GET = route(OPERATIONS.getValidationSuite, ({ access, params: { name, version } }) =>
  getSuite({ access, name, version }),
);

export const PUT = route(OPERATIONS.putValidationSuite, ({ ctx, access, params: { name, version }, body }) =>
  putSuite({ ctx, access, name, version, input: body }),
);

export const DELETE = route(OPERATIONS.deleteValidationSuite, async ({ ctx, access, params: { name, version } }) => {
  await deleteSuite({ ctx, access, name, version });
});
