import "server-only";
import { clientIpFromHeaders } from "../client-ip";
import { problemResponse } from "./problem";
import { signInLockedForSeconds } from "../auth/throttle";
import { withSignInRequest } from "../auth/sign-in-events";

type TNextAuthHandler = (request: Request, context: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;

/**
 * Answers 429 before next-auth runs when the account or the client address is locked out.
 * `url` is included because next-auth's client reads it from every sign-in response.
 */
export const signInWithThrottle =
  (handler: TNextAuthHandler) =>
  async (request: Request, context: { params: Promise<{ nextauth: string[] }> }): Promise<Response> => {
    const { nextauth } = await context.params;
    if (nextauth.join("/") === "callback/credentials") {
      const form = await request
        .clone()
        .formData()
        .catch(() => null);
      const email = String(form?.get("email") ?? "")
        .trim()
        .toLowerCase();
      const retryAfter = email
        ? await signInLockedForSeconds({ email, clientIp: clientIpFromHeaders(request.headers) })
        : 0;
      if (retryAfter > 0) {
        return problemResponse(
          {
            type: "about:blank",
            title: "Too many requests",
            status: 429,
            detail: `Too many failed sign-ins; try again in ${retryAfter} s`,
            url: new URL(
              `/signin?error=TooManyAttempts&retryAfter=${retryAfter}`,
              process.env.NEXTAUTH_URL ?? request.url,
            ).toString(),
          },
          { "retry-after": String(retryAfter) },
        );
      }
    }
    return withSignInRequest(request.headers, () => handler(request, context));
  };

/** next-auth's GET handler (the single sign-on callback, sign-out page) with the request at hand for the audit. */
export const withSignInAudit =
  (handler: TNextAuthHandler) =>
  (request: Request, context: { params: Promise<{ nextauth: string[] }> }): Promise<Response> =>
    withSignInRequest(request.headers, () => handler(request, context));
