import { OPERATIONS } from "@/lib/api/operations";
import { buildOpenApiDocument } from "@/server/http/openapi";
import { publicRoute } from "@/server/http/route";

export const GET = publicRoute(OPERATIONS.getOpenApiDocument, async () => buildOpenApiDocument());
