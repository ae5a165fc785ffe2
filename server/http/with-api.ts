import "server-only";
import { z } from "zod";
import { hasScope, type TScope } from "@/lib/scopes";
import { resolveProjectAccess } from "../auth/access";
import type { TPrincipal, TProjectAccess, TRequestContext } from "../principal";
import { getEnv } from "../env";
import { ForbiddenError, InvalidInputError, NotFoundError, zodIssuesToFields } from "../errors";
import { authenticate } from "./authenticate";
import { clientIpFromHeaders } from "../client-ip";
import { errorToResponse } from "./problem";
import { readJsonBody } from "./read-body";

// The one wrapper every /api/v1 handler goes through: authenticate, check the scope, parse with zod,
// map errors to problem+json. A route file is the wrapper, one call into server/, and a response.

type TRouteContext = { params: Promise<Record<string, string | string[]>> };
type TSchema = z.ZodType | undefined;
type TParsed<S extends TSchema> = S extends z.ZodType ? z.infer<S> : undefined;

export type THandlerResult = Response | { status?: number; body: unknown } | unknown;

const toResponse = (result: THandlerResult): Response => {
  if (result instanceof Response) return result;
  if (
    result &&
    typeof result === "object" &&
    "body" in result &&
    Object.keys(result).every((key) => key === "body" || key === "status")
  ) {
    const { status = 200, body } = result as { status?: number; body: unknown };
    return status === 204 ? new Response(null, { status }) : Response.json(body, { status });
  }
  return Response.json(result);
};

const parseQuery = <S extends TSchema>(schema: S, url: URL): TParsed<S> => {
  if (!schema) return undefined as TParsed<S>;
  const raw: Record<string, string> = {};
  for (const [key, value] of url.searchParams) raw[key] = value;
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    throw new InvalidInputError("Invalid query parameters", zodIssuesToFields(parsed.error, "query"));
  return parsed.data as TParsed<S>;
};

const parseBody = async <S extends TSchema>(schema: S, request: Request): Promise<TParsed<S>> => {
  if (!schema) return undefined as TParsed<S>;
  const json = await readJsonBody(request, getEnv().LARDER_MAX_JSON_BYTES);
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new InvalidInputError("The request body failed validation", zodIssuesToFields(parsed.error));
  return parsed.data as TParsed<S>;
};

const contextFor = (request: Request, principal: TPrincipal): TRequestContext => ({
  principal,
  clientIp: clientIpFromHeaders(request.headers),
  userAgent: request.headers.get("user-agent"),
});

const stringParams = async (context: TRouteContext | undefined): Promise<Record<string, string>> => {
  const params = (await context?.params) ?? {};
  return Object.fromEntries(
    Object.entries(params).map(([key, value]) => [key, Array.isArray(value) ? value.join("/") : value]),
  );
};

type TProjectHandlerArgs<B extends TSchema, Q extends TSchema> = {
  request: Request;
  ctx: TRequestContext;
  access: TProjectAccess;
  params: Record<string, string>;
  body: TParsed<B>;
  query: TParsed<Q>;
};

/** For routes under /api/v1/projects/{project}/…: the caller must hold `scope` in that project. */
export const withProjectApi =
  <B extends TSchema = undefined, Q extends TSchema = undefined>(
    config: { scope: TScope; body?: B; query?: Q; rawBody?: boolean },
    handler: (args: TProjectHandlerArgs<B, Q>) => Promise<THandlerResult>,
  ) =>
  async (request: Request, context?: TRouteContext): Promise<Response> => {
    try {
      const principal = await authenticate(request);
      const params = await stringParams(context);
      if (!params.project) throw new NotFoundError("Project not found");
      const access = await resolveProjectAccess({ principal, projectName: params.project });
      if (!hasScope({ scopes: access.scopes, required: config.scope })) {
        throw new ForbiddenError(
          `This requires the '${config.scope}' scope, which ${principal.kind === "apiKey" ? "this API key" : "your role"} does not have`,
        );
      }
      const query = parseQuery(config.query as Q, new URL(request.url));
      const body = config.rawBody ? (undefined as TParsed<B>) : await parseBody(config.body as B, request);
      return toResponse(await handler({ request, ctx: contextFor(request, principal), access, params, body, query }));
    } catch (error) {
      return errorToResponse(error);
    }
  };

type TApiHandlerArgs<B extends TSchema, Q extends TSchema> = Omit<TProjectHandlerArgs<B, Q>, "access">;

/** For routes outside a project (the caller's projects, users): `auth: "admin"` requires a platform administrator. */
export const withApi =
  <B extends TSchema = undefined, Q extends TSchema = undefined>(
    config: { auth: "user" | "admin"; body?: B; query?: Q },
    handler: (args: TApiHandlerArgs<B, Q>) => Promise<THandlerResult>,
  ) =>
  async (request: Request, context?: TRouteContext): Promise<Response> => {
    try {
      const principal = await authenticate(request);
      if (principal.kind === "apiKey")
        throw new ForbiddenError("API keys are bound to one project; this route needs a signed-in user");
      if (config.auth === "admin" && !principal.isAdmin)
        throw new ForbiddenError("Only a platform administrator may do this");
      const params = await stringParams(context);
      const query = parseQuery(config.query as Q, new URL(request.url));
      const body = await parseBody(config.body as B, request);
      return toResponse(await handler({ request, ctx: contextFor(request, principal), params, body, query }));
    } catch (error) {
      return errorToResponse(error);
    }
  };
