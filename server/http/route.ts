import "server-only";
import type { z } from "zod";
import type { TOperation, TProjectOperation } from "@/lib/api/operation";
import { hasScope } from "@/lib/scopes";
import { resolveProjectAccess } from "../auth/access";
import type { TPrincipal, TProjectAccess, TRequestContext } from "../principal";
import { ForbiddenError } from "../errors";
import { authenticate } from "./authenticate";
import { clientIpFromHeaders } from "../client-ip";
import { parseBody, parseParams, parseQuery, type TRouteContext } from "./parse-request";
import { errorToResponse } from "./problem";
import { checkResponseContract, isResponseCheckEnabled } from "./response-contract";

// The one wrapper every /api/v1 handler goes through. A route file is
//   export const POST = route(OPERATIONS.insertIntoFeatureGroup, async ({ ctx, access, params, body }) => …)
// and the operation's declaration decides everything around the handler: who may call (authentication, then
// the project and the one scope check, or user/admin), path parameters (404 when malformed, before any database
// call), query and body (422 naming each field), the success status, and problem+json for every error.

type TOutput<S> = S extends z.ZodType ? z.output<S> : undefined;

type TPublicArgs<O extends TOperation> = {
  request: Request;
  params: z.output<O["params"]>;
  query: TOutput<O["query"]>;
  body: O extends { rawBody: object } ? undefined : TOutput<O["body"]>;
};
export type THandlerArgs<O extends TOperation> = TPublicArgs<O> & {
  ctx: TRequestContext;
} & (O extends TProjectOperation ? { access: TProjectAccess } : unknown);

/** A handler answers its operation's response body (sent with the declared success status) or a Response. */
type THandlerResult<O extends TOperation> =
  Response | (O["response"] extends z.ZodType ? z.input<O["response"]> : void);

export type TRouteHandler = ((request: Request, context?: TRouteContext) => Promise<Response>) & {
  readonly operation: TOperation;
};

const contextFor = (request: Request, principal: TPrincipal): TRequestContext => ({
  principal,
  clientIp: clientIpFromHeaders(request.headers),
  userAgent: request.headers.get("user-agent"),
});

const toResponse = async (operation: TOperation, result: unknown): Promise<Response> => {
  const response =
    result instanceof Response
      ? result
      : operation.successStatus === 204
        ? new Response(null, { status: 204 })
        : Response.json(result, { status: operation.successStatus });
  return isResponseCheckEnabled() ? checkResponseContract(operation, response) : response;
};

/** Decides whether the principal may call the operation at all; returns the project access for project routes. */
const authorize = async ({
  operation,
  principal,
  project,
}: {
  operation: TOperation;
  principal: TPrincipal;
  project: unknown;
}): Promise<TProjectAccess | undefined> => {
  if (operation.scope) {
    const access = await resolveProjectAccess({ principal, projectName: String(project) });
    if (!hasScope({ scopes: access.scopes, required: operation.scope }))
      throw new ForbiddenError(
        `This requires the '${operation.scope}' scope, which ${principal.kind === "apiKey" ? "this API key" : "your role"} does not have`,
      );
    return access;
  }
  if (principal.kind === "apiKey" && !operation.allowsApiKey)
    throw new ForbiddenError("API keys are bound to one project; this route needs a signed-in user");
  if (operation.auth === "admin" && (principal.kind !== "user" || !principal.isAdmin))
    throw new ForbiddenError("Only a platform administrator may do this");
  return undefined;
};

// Non-enumerable, so a route module still exports only its handlers; tests read it to prove that each route
// file's export is the wrapper of the operation declared for that path and method.
const withOperation = (
  handler: (request: Request, context?: TRouteContext) => Promise<Response>,
  operation: TOperation,
): TRouteHandler =>
  Object.defineProperty(handler, "operation", { value: operation, enumerable: false }) as TRouteHandler;

/** The wrapper of every authenticated operation: project operations (by scope), user and admin operations. */
export const route = <O extends TOperation>(
  operation: O,
  handler: (args: THandlerArgs<O>) => Promise<THandlerResult<O>>,
): TRouteHandler => {
  if (operation.auth === "public") throw new Error(`${operation.id} is public: declare its route with publicRoute()`);
  return withOperation(async (request, context) => {
    try {
      // Authentication comes first: without credentials even a malformed path answers 401.
      const principal = await authenticate(request);
      const params = await parseParams(operation, context);
      const access = await authorize({ operation, principal, project: (params as { project?: unknown }).project });
      const query = parseQuery(operation, new URL(request.url));
      const body = await parseBody(operation, request);
      const ctx = contextFor(request, principal);
      const args = { request, ctx, access, params, query, body } as THandlerArgs<O>;
      return await toResponse(operation, await handler(args));
    } catch (error) {
      return errorToResponse(error);
    }
  }, operation);
};

/** The wrapper of the few operations anyone may call (first-run setup, the OpenAPI document). */
export const publicRoute = <O extends TOperation & { auth: "public" }>(
  operation: O,
  handler: (args: TPublicArgs<O>) => Promise<THandlerResult<O>>,
): TRouteHandler =>
  withOperation(async (request, context) => {
    try {
      const params = await parseParams(operation, context);
      const query = parseQuery(operation, new URL(request.url));
      const body = await parseBody(operation, request);
      return await toResponse(operation, await handler({ request, params, query, body } as TPublicArgs<O>));
    } catch (error) {
      return errorToResponse(error);
    }
  }, operation);
