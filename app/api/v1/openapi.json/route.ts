import { buildOpenApiDocument } from "@/server/http/openapi";

export const GET = async (): Promise<Response> => Response.json(buildOpenApiDocument());
