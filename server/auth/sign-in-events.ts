import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { recordAuditEvent } from "../audit/record";
import { clientIpFromHeaders } from "../client-ip";
import type { TRequestContext } from "../principal";

// Sign-ins, refusals and sign-outs in the audit log. They belong to no project (projectId null): administrators
// read them all on /admin/sign-ins, and a project's audit log shows those of its members (server/audit/query.ts).
// Every event names the user as its resource (`resourceType: "user"`) when one is known.

const SIGN_IN_ACTIONS = {
  signIn: "auth.signIn",
  failed: "auth.signIn.failed",
  signOut: "auth.signOut",
} as const;

type TSignInRequest = { clientIp: string | null; userAgent: string | null };

const requests = new AsyncLocalStorage<TSignInRequest>();

/** Runs next-auth's handler with the request's address and user agent at hand for the audit events. */
export const withSignInRequest = <T>(headers: Headers, run: () => Promise<T>): Promise<T> =>
  requests.run({ clientIp: clientIpFromHeaders(headers), userAgent: headers.get("user-agent") }, run);

type TUserRef = { id: string; email: string; name: string; isAdmin: boolean };

const contextFor = (user: TUserRef | null): TRequestContext | null => {
  const request = requests.getStore() ?? { clientIp: null, userAgent: null };
  if (!user) return null;
  return {
    principal: { kind: "user", userId: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin },
    ...request,
  };
};

export type TSignInMethod = "password" | "oidc";

export const recordSignIn = ({ user, method, details }: { user: TUserRef; method: TSignInMethod; details?: object }) =>
  recordAuditEvent({
    ctx: contextFor(user),
    action: SIGN_IN_ACTIONS.signIn,
    resourceType: "user",
    resourceId: user.id,
    resourceName: user.email,
    details: { method, ...details },
  });

/** A refused sign-in: the actor is the user when the attempt named an existing one, else "system". */
export const recordSignInRefusal = ({
  user,
  email,
  method,
  reason,
}: {
  user: TUserRef | null;
  email: string | null;
  method: TSignInMethod;
  reason: string;
}) => {
  const request = requests.getStore() ?? { clientIp: null, userAgent: null };
  return recordAuditEvent({
    ctx: contextFor(user),
    action: SIGN_IN_ACTIONS.failed,
    resourceType: "user",
    resourceId: user?.id ?? null,
    resourceName: user?.email ?? email,
    details: { method, reason, email, clientIp: request.clientIp },
  });
};

export const recordSignOut = (user: TUserRef) =>
  recordAuditEvent({
    ctx: contextFor(user),
    action: SIGN_IN_ACTIONS.signOut,
    resourceType: "user",
    resourceId: user.id,
    resourceName: user.email,
  });
