import { describe, expect, it } from "vitest";
import { authOptions } from "@/server/auth/options";
import { signInWithThrottle } from "@/server/http/sign-in-route";
import { clearSignInFailures, signInLockedForSeconds } from "@/server/auth/throttle";
import { createTestUser, TEST_PASSWORD } from "@/test/helpers";
import { db } from "@/server/db/client";

type TAuthorize = (
  credentials: Record<string, string>,
  request: { headers: Record<string, string> },
) => Promise<unknown>;
const authorize = (authOptions.providers[0] as unknown as { options: { authorize: TAuthorize } }).options.authorize;

const signInRequest = (email: string, ip: string) =>
  new Request("http://localhost:3000/api/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": ip },
    body: new URLSearchParams({ email, password: "whatever", csrfToken: "x" }),
  });

describe("sign-in throttling", () => {
  it("accepts the right password and refuses a wrong one", async () => {
    const user = await createTestUser();
    expect(
      await authorize(
        { email: user.email, password: TEST_PASSWORD },
        { headers: { "x-forwarded-for": "198.51.100.1" } },
      ),
    ).toMatchObject({ id: user.id });
    expect(
      await authorize(
        { email: user.email, password: "wrong-password" },
        { headers: { "x-forwarded-for": "198.51.100.1" } },
      ),
    ).toBeNull();
    await clearSignInFailures({ email: user.email });
  });

  it("locks an account after repeated failures: 429 with Retry-After, even for the right password", async () => {
    const user = await createTestUser();
    const ip = "198.51.100.2";
    for (let attempt = 0; attempt < 5; attempt++) {
      expect(
        await authorize({ email: user.email, password: `wrong-${attempt}` }, { headers: { "x-forwarded-for": ip } }),
      ).toBeNull();
    }
    expect(await signInLockedForSeconds({ email: user.email, clientIp: null })).toBeGreaterThan(0);
    // The correct password no longer works while locked.
    expect(
      await authorize(
        { email: user.email, password: TEST_PASSWORD },
        { headers: { "x-forwarded-for": "203.0.113.9" } },
      ),
    ).toBeNull();
    let reachedNextAuth = false;
    const route = signInWithThrottle(async () => {
      reachedNextAuth = true;
      return new Response("{}");
    });
    const response = await route(signInRequest(user.email, ip), {
      params: Promise.resolve({ nextauth: ["callback", "credentials"] }),
    });
    expect(response.status).toBe(429);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await response.json()).url).toMatch(/error=TooManyAttempts/);
    expect(reachedNextAuth).toBe(false);
    // Failures are audited without the password.
    const events = await db.auditEvent.findMany({ where: { action: "auth.signIn.failed", resourceId: user.id } });
    expect(events).toHaveLength(5);
    expect(JSON.stringify(events, (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toContain("wrong-");
  });

  it("does not lock other accounts", async () => {
    const locked = await createTestUser();
    const other = await createTestUser();
    const lockedIp = "198.51.100.76";
    // Address failures outlive the account (15 min window): start this address from a clean slate.
    await db.loginThrottle.deleteMany({ where: { key: `ip:${lockedIp}` } });
    for (let attempt = 0; attempt < 5; attempt++)
      await authorize(
        { email: locked.email, password: `wrong-${attempt}` },
        { headers: { "x-forwarded-for": lockedIp } },
      );
    // The first account is locked now, from every address …
    expect(await signInLockedForSeconds({ email: locked.email, clientIp: "198.51.100.77" })).toBeGreaterThan(0);
    // … while another account still signs in with its password, from another address and from the same one.
    for (const ip of ["198.51.100.77", lockedIp]) {
      expect(await signInLockedForSeconds({ email: other.email, clientIp: ip })).toBe(0);
      expect(
        await authorize({ email: other.email, password: TEST_PASSWORD }, { headers: { "x-forwarded-for": ip } }),
      ).toMatchObject({ id: other.id });
    }
    await clearSignInFailures({ email: locked.email });
  });
});
