import { describe, expect, it } from "vitest";
import type { Profile } from "next-auth";
import * as auditRoute from "@/app/api/v1/projects/[project]/audit/route";
import { authOptions } from "@/server/auth/options";
import { findSignInEvents } from "@/server/audit/query";
import { clearSignInFailures } from "@/server/auth/throttle";
import { db } from "@/server/db/client";
import { ZAuditQuerySchema } from "@/lib/api/schemas";
import { callRoute, createTestProject, createTestUser, TEST_PASSWORD, uniqueName } from "@/test/helpers";

type TAuthorize = (
  credentials: Record<string, string>,
  request: { headers: Record<string, string> },
) => Promise<unknown>;
const authorize = (authOptions.providers[0] as unknown as { options: { authorize: TAuthorize } }).options.authorize;
const ISSUER = "https://idp.example.test";

/** next-auth's sign-in callback as it runs after a provider's callback (ID token + userinfo claims). */
const oidcSignIn = (claims: Record<string, unknown>) =>
  authOptions.callbacks!.signIn!({
    user: { id: String(claims.sub), email: String(claims.email ?? "") },
    account: { provider: "oidc", type: "oauth", providerAccountId: String(claims.sub) },
    profile: { iss: ISSUER, ...claims } as Profile,
  });

const signInEventsOf = (userId: string) =>
  db.auditEvent.findMany({ where: { resourceId: userId, action: { startsWith: "auth." } }, orderBy: { id: "asc" } });

describe("sign-in auditing", () => {
  it("records password sign-ins and refusals; the user's projects' auditors read them, others' do not", async () => {
    const [user, auditor, stranger] = await Promise.all([createTestUser(), createTestUser(), createTestUser()]);
    const roles = [[user, "EDITOR"] as const, [auditor, "AUDITOR"] as const];
    const project = await createTestProject({ members: roles.map(([member, role]) => ({ userId: member.id, role })) });
    const other = await createTestProject({ members: [{ userId: stranger.id, role: "OWNER" }] });
    const headers = { "x-forwarded-for": "198.51.100.9" };
    expect(await authorize({ email: user.email, password: "wrong-password" }, { headers })).toBeNull();
    expect(await authorize({ email: user.email, password: TEST_PASSWORD }, { headers })).toMatchObject({ id: user.id });
    await clearSignInFailures({ email: user.email });

    expect(await signInEventsOf(user.id)).toMatchObject([
      { action: "auth.signIn.failed", actorId: user.id, details: { method: "password", reason: "wrong password" } },
      { action: "auth.signIn", actorId: user.id, actorLabel: user.email, details: { method: "password" } },
    ]);
    const page = await callRoute(auditRoute.GET, { project: project.name }, { userId: auditor.id });
    expect(page.status).toBe(200);
    const actions = (page.json.events as { action: string; resourceId: string }[])
      .filter((event) => event.resourceId === user.id)
      .map((event) => event.action);
    expect(actions).toEqual(["auth.signIn", "auth.signIn.failed"]);
    const elsewhere = await callRoute(auditRoute.GET, { project: other.name }, { userId: stranger.id });
    expect((elsewhere.json.events as { resourceId: string }[]).some((event) => event.resourceId === user.id)).toBe(
      false,
    );
  });

  it("administrators read every sign-in, including refusals of unknown emails", async () => {
    const email = `${uniqueName("nobody")}@example.test`;
    expect(await authorize({ email, password: "whatever-1" }, { headers: {} })).toBeNull();
    await clearSignInFailures({ email });
    const page = await findSignInEvents({ query: ZAuditQuerySchema.parse({ action: "auth.signIn.failed" }) });
    expect(page.events.find((event) => (event.details as { email?: string }).email === email)).toMatchObject({
      actorType: "system",
      details: { reason: "unknown email" },
    });
  });
});

describe("single sign-on admission", () => {
  it("refuses an unverified email with Larder's message and records the refusal", async () => {
    const user = await createTestUser();
    expect(await oidcSignIn({ sub: uniqueName("sub"), email: user.email, email_verified: false })).toBe(
      "/signin?error=OidcEmailUnverified",
    );
    expect(await oidcSignIn({ sub: uniqueName("sub"), email: user.email })).toBe("/signin?error=OidcEmailUnverified");
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row).toMatchObject({ lastLoginAt: null, oidcSubject: null });
    expect(await signInEventsOf(user.id)).toMatchObject([
      { action: "auth.signIn.failed", details: { method: "oidc", reason: "OidcEmailUnverified" } },
      { action: "auth.signIn.failed", details: { method: "oidc", reason: "OidcEmailUnverified" } },
    ]);
  });

  it("binds issuer and subject at the first sign-in; another subject with the same email is refused", async () => {
    const user = await createTestUser();
    const sub = uniqueName("sub");
    expect(await oidcSignIn({ sub, email: user.email, email_verified: true })).toBe(true);
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row).toMatchObject({ oidcIssuer: ISSUER, oidcSubject: sub });
    expect(row.lastLoginAt).not.toBeNull();

    expect(await oidcSignIn({ sub: uniqueName("sub"), email: user.email, email_verified: true })).toBe(
      "/signin?error=OidcIdentityMismatch",
    );
    // The bound subject keeps working, even once the provider reports another email.
    expect(await oidcSignIn({ sub, email: "renamed@example.test", email_verified: true })).toBe(true);
    expect((await signInEventsOf(user.id)).map((event) => event.action)).toEqual([
      "auth.signIn",
      "auth.signIn.failed",
      "auth.signIn",
    ]);
  });

  it("refuses an account Larder does not know", async () => {
    const email = `${uniqueName("stranger")}@example.test`;
    expect(await oidcSignIn({ sub: uniqueName("sub"), email, email_verified: true })).toBe(
      "/signin?error=AccessDenied",
    );
  });
});
