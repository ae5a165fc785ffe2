import "server-only";
import { db } from "../db/client";

// Sessions are JWTs (next-auth), so a cookie stays valid until it expires unless the server keeps something to
// compare it with. Each user has a `sessionVersion`; it is copied into the token at sign-in (`sv`) and compared
// on every request. Incrementing it revokes every session issued before (sign-out, removal, password change).

export type TSessionToken = Record<string, unknown>;

/** Ends every session of the user: tokens carrying an older version are refused from the next request on. */
export const revokeSessions = async (userId: string): Promise<void> => {
  await db.user.updateMany({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
};

/** True when the token names a user whose current session version it carries. */
export const isSessionCurrent = (token: TSessionToken, user: { id: string; sessionVersion: number } | null) =>
  Boolean(user) && token.uid === user?.id && token.sv === user?.sessionVersion;

/** The user a session token stands for, or null when it is missing, revoked or the user was removed. */
export const sessionUserId = async (token: TSessionToken | null): Promise<string | null> => {
  if (!token || typeof token.uid !== "string") return null;
  const user = await db.user.findUnique({ where: { id: token.uid }, select: { id: true, sessionVersion: true } });
  return isSessionCurrent(token, user) ? token.uid : null;
};
