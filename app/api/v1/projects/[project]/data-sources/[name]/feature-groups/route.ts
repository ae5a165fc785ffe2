import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { createFeatureGroupFromSource } from "@/server/sources";

export const POST = route(OPERATIONS.createFeatureGroupFromSource, async ({ ctx, access, params, body }) =>
  createFeatureGroupFromSource({ ctx, access, name: params.name, input: body }),
);
