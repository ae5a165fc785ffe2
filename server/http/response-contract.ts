import "server-only";
import { ZProblemSchema } from "@/lib/api/schemas";
import type { TOperation } from "@/lib/api/operation";
import { getEnv } from "../env";
import { zodIssuesToFields } from "../errors";

// Responses checked against their operation's declaration — in tests (test/global-setup.ts sets the flag), never
// on production hot paths. Every integration test that calls a route thereby checks the contract the OpenAPI
// document states: the declared success status, a body its response schema accepts, a declared file type, and
// problem+json for every error.

export const isResponseCheckEnabled = (): boolean => getEnv().LARDER_CHECK_RESPONSES === "1";

const mediaType = (response: Response): string =>
  (response.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();

const violations = async (operation: TOperation, response: Response): Promise<{ path: string; message: string }[]> => {
  const type = mediaType(response);
  if (response.status >= 400) {
    if (type !== "application/problem+json")
      return [{ path: "content-type", message: `an error must be application/problem+json, not '${type}'` }];
    const problem = ZProblemSchema.safeParse(await response.clone().json());
    return problem.success ? [] : zodIssuesToFields(problem.error, "problem");
  }
  if (response.status !== operation.successStatus)
    return [{ path: "status", message: `declared ${operation.successStatus}, answered ${response.status}` }];
  if (response.status === 204) {
    const text = await response.clone().text();
    return text ? [{ path: "body", message: "a 204 answer has no body" }] : [];
  }
  if (type === "application/json") {
    if (!operation.response) return [{ path: "body", message: "answered JSON, but declares no response schema" }];
    const parsed = operation.response.safeParse(await response.clone().json());
    return parsed.success ? [] : zodIssuesToFields(parsed.error, "body");
  }
  if (!operation.fileContentTypes?.includes(type))
    return [{ path: "content-type", message: `'${type}' is not a declared content type of this operation` }];
  return [];
};

/** The response itself when it keeps the contract; otherwise a loud 500 listing every violation. */
export const checkResponseContract = async (operation: TOperation, response: Response): Promise<Response> => {
  const issues = await violations(operation, response);
  if (!issues.length) return response;
  console.error(`[larder] ${operation.id} broke its response contract`, issues);
  return new Response(
    JSON.stringify({
      type: "about:blank",
      title: "Response contract violated",
      status: 500,
      detail: `${operation.id} answered ${response.status}, which its declaration does not allow`,
      errors: issues,
    }),
    { status: 500, headers: { "content-type": "application/problem+json" } },
  );
};
