import { z } from "zod";
import { NAME_MAX_LENGTH, NAME_PATTERN } from "../names";
import type { TScope } from "../scopes";

// The shape of one /api/v1 operation. Each area declares its operations once (lib/api/operations/<area>.ts); the
// route file, the OpenAPI document, the isolation test and the role × route test all read that declaration.

export const HTTP_METHODS = ["get", "post", "put", "patch", "delete"] as const;
type THttpMethod = (typeof HTTP_METHODS)[number];

/** Who may call an operation outside a project: any signed-in user, a platform administrator, or anyone. */
type TOperationAuth = "user" | "admin" | "public";

type TOperationBase = {
  /** operationId in the OpenAPI document; the key of OPERATIONS. */
  id: string;
  method: THttpMethod;
  /** OpenAPI path template: `/api/v1/projects/{project}/…`; the route file lives at the same place under app/. */
  path: string;
  summary: string;
  tag: string;
  /** Every `{param}` of the path, parsed before any database call; a mismatch answers 404. */
  params: z.ZodObject;
  query?: z.ZodType;
  /**
   * The JSON body, parsed by the wrapper. With `rawBody` the handler reads the request itself (file uploads,
   * the vector route's hand-written hot-path checks) and the schema only documents it.
   */
  body?: z.ZodType;
  rawBody?: { contentType: string };
  /** Bodies larger than this are refused with 413 (default: LARDER_MAX_JSON_BYTES). */
  maxBodyBytes?: number;
  /** The JSON success body (none for 204 and for operations that only stream files). */
  response?: z.ZodType;
  /** Content types of the files an operation may stream instead of JSON (downloads). */
  fileContentTypes?: readonly string[];
  successStatus: 200 | 201 | 202 | 204;
};

/** An operation under /api/v1/projects/{project}: the caller needs `scope` in that project. */
export type TProjectOperation = TOperationBase & { scope: TScope; auth?: never };
/** An operation outside any project. */
type TGlobalOperation = TOperationBase & {
  auth: TOperationAuth;
  scope?: never;
  /**
   * API keys are bound to one project, so operations outside projects refuse them (403) — except those that let a
   * program learn about its own key (who it is, which project): they answer for the key's project alone.
   */
  allowsApiKey?: true;
};
export type TOperation = TProjectOperation | TGlobalOperation;

/** Keeps the exact schema types of a declaration, so a route's handler gets typed params, query and body. */
export const defineOperation = <const O extends TOperation>(operation: O): O => operation;

export const isProjectOperation = (operation: TOperation): operation is TProjectOperation =>
  operation.scope !== undefined;

// Path parameters. Each carries a title, so that a malformed value answers "<title> '<value>' not found" —
// the same 404 as an object the caller cannot see, decided before any database call.

/** The title a malformed path parameter is reported under. */
export const paramTitle = (schema: z.ZodType): string =>
  (z.globalRegistry.get(schema) as { title?: string } | undefined)?.title ?? "Resource";

/** Project, feature group, feature view and training dataset names: the one naming rule of lib/names.ts. */
export const nameParam = (title: string) =>
  z
    .string()
    .max(NAME_MAX_LENGTH)
    .regex(NAME_PATTERN)
    .meta({ title, description: `The ${title.toLowerCase()}'s name` });

// PostgreSQL's int4, the type of every version column.
const MAX_VERSION = 2_147_483_647;

/** A version: a positive integer in canonical decimal form ("01", "1.0", "+1" are not versions). */
export const ZVersionParamSchema = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/)
  .transform(Number)
  .pipe(z.number().int().min(1).max(MAX_VERSION))
  .meta({ title: "Version", description: `A version: an integer from 1 to ${MAX_VERSION}` });

/** Ids are a prefix, an underscore and base-36 characters (server/ids.ts). */
export const idParam = (prefix: string, title: string) =>
  z
    .string()
    .regex(new RegExp(`^${prefix}_[0-9a-z]{1,64}$`))
    .meta({ title, description: `${title} id: \`${prefix}_…\`` });

const ZProjectParamSchema = nameParam("Project");
export const projectParams = z.object({ project: ZProjectParamSchema });
export const noParams = z.object({});
