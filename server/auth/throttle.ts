import "server-only";
import { db } from "../db/client";
import { getEnv } from "../env";

// Failed sign-ins are counted per account and per client address within a window; past the limit,
// that key is locked for LARDER_LOGIN_LOCK_SECONDS. State lives in PostgreSQL so every web process agrees.
const FAILURE_WINDOW_MS = 15 * 60_000;

const keysFor = ({ email, clientIp }: { email: string; clientIp: string | null }): string[] => [
  `email:${email.toLowerCase()}`,
  ...(clientIp ? [`ip:${clientIp}`] : []),
];

/** Seconds until sign-in is allowed again, or 0 when it is allowed now. */
export const signInLockedForSeconds = async ({
  email,
  clientIp,
}: {
  email: string;
  clientIp: string | null;
}): Promise<number> => {
  const rows = await db.loginThrottle.findMany({ where: { key: { in: keysFor({ email, clientIp }) } } });
  const now = Date.now();
  const until = Math.max(0, ...rows.map((row) => row.lockedUntil?.getTime() ?? 0));
  return until > now ? Math.ceil((until - now) / 1000) : 0;
};

export const recordSignInFailure = async ({ email, clientIp }: { email: string; clientIp: string | null }) => {
  const { LARDER_LOGIN_MAX_FAILURES: maxFailures, LARDER_LOGIN_LOCK_SECONDS: lockSeconds } = getEnv();
  for (const key of keysFor({ email, clientIp })) {
    // Address keys tolerate more failures than account keys: many users may share one address.
    const limit = key.startsWith("ip:") ? maxFailures * 4 : maxFailures;
    await db.$executeRaw`
      INSERT INTO "LoginThrottle" ("key", "failures", "windowStart") VALUES (${key}, 1, now())
      ON CONFLICT ("key") DO UPDATE SET
        "failures" = CASE WHEN "LoginThrottle"."windowStart" < now() - ${FAILURE_WINDOW_MS} * interval '1 millisecond' THEN 1 ELSE "LoginThrottle"."failures" + 1 END,
        "windowStart" = CASE WHEN "LoginThrottle"."windowStart" < now() - ${FAILURE_WINDOW_MS} * interval '1 millisecond' THEN now() ELSE "LoginThrottle"."windowStart" END`;
    await db.$executeRaw`
      UPDATE "LoginThrottle" SET "lockedUntil" = now() + ${lockSeconds} * interval '1 second', "failures" = 0, "windowStart" = now()
      WHERE "key" = ${key} AND "failures" >= ${limit}`;
  }
};

export const clearSignInFailures = async ({ email }: { email: string }) => {
  await db.loginThrottle.deleteMany({ where: { key: `email:${email.toLowerCase()}` } });
};
