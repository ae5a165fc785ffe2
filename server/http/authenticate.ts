import "server-only";
import { getToken } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { getSessionSecret } from "../auth/secret";
import { authenticateApiKey } from "../auth/api-keys";
import { isSessionCurrent } from "../auth/sessions";
import { db } from "../db/client";
import { ForbiddenError, UnauthorizedError } from "../errors";
import type { TPrincipal } from "../principal";

const MUTATING_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const CSRF_HEADER = "x-larder-csrf";

/**
 * Session cookies ride along on cross-site requests; bearer tokens do not. So a mutating request
 * authenticated by cookie must carry our custom header (which a cross-site form cannot set and a
 * cross-site fetch cannot send without a CORS preflight we never grant) and, if it names an Origin,
 * come from our own.
 */
const checkCsrf = (request: Request) => {
  if (!MUTATING_METHODS.has(request.method)) return;
  if (request.headers.get(CSRF_HEADER) !== "1")
    throw new ForbiddenError(`Missing ${CSRF_HEADER} header (cross-site request forgery protection)`);
  const origin = request.headers.get("origin");
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (origin && host && originHost(origin) !== host) throw new ForbiddenError("Cross-origin request refused");
};

/**
 * The host of an Origin header, or null when it is not a URL: `null` (sandboxed frames, file: pages, some
 * redirects) and `http://localhost:3000.evil.example` (a port that is not a number) made `new URL` throw, a 500.
 * Neither is our origin, so both are refused like any other foreign one.
 */
const originHost = (origin: string): string | null => {
  if (!URL.canParse(origin)) return null;
  const url = new URL(origin);
  return url.origin === "null" ? null : url.host;
};

export const authenticate = async (request: Request): Promise<TPrincipal> => {
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) throw new UnauthorizedError("Authorization header must be 'Bearer <API key>'");
    return authenticateApiKey(match[1]);
  }
  // Read the JWT session straight from the request's cookie (what getServerSession does, without
  // depending on Next's request context, so the wrapper runs the same in tests and in the app).
  const token = await getToken({
    req: request instanceof NextRequest ? request : new NextRequest(request.url, { headers: request.headers }),
    secret: getSessionSecret(),
  });
  const userId = typeof token?.uid === "string" ? token.uid : undefined;
  if (!userId) throw new UnauthorizedError("Sign in or pass an API key as 'Authorization: Bearer <key>'");
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) throw new UnauthorizedError("Your account no longer exists");
  // Signed out (or otherwise revoked) sessions carry an older version: refused although the JWT is still valid.
  if (!isSessionCurrent(token ?? {}, user)) throw new UnauthorizedError("Your session has ended; sign in again");
  checkCsrf(request);
  return { kind: "user", userId: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin };
};
