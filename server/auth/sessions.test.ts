import { describe, expect, it } from "vitest";
import NextAuth from "next-auth";
import { GET as getMe } from "@/app/api/v1/me/route";
import { db } from "@/server/db/client";
import { authOptions } from "@/server/auth/options";
import { revokeSessions } from "@/server/auth/sessions";
import { callRoute, createTestUser, sessionCookie } from "@/test/helpers";

type TNextAuthResult = { status: number; body: unknown; setCookies: string[]; location?: string };

/**
 * next-auth's handler through its Node (pages router) entry: the same core as the /api/auth/* route, which
 * itself needs Next's request scope for cookies() and headers().
 */
const nextAuth = async (
  action: string,
  cookies: Record<string, string>,
  { method = "GET", body }: { method?: string; body?: Record<string, string> } = {},
): Promise<TNextAuthResult> => {
  const result: TNextAuthResult = { status: 200, body: undefined, setCookies: [] };
  const headers = new Map<string, unknown>();
  const res = {
    status: (code: number) => ((result.status = code), res),
    getHeader: (name: string) => headers.get(name.toLowerCase()),
    setHeader: (name: string, value: unknown) => (headers.set(name.toLowerCase(), value), res),
    end: () => undefined,
    send: (value: unknown) => void (result.body = value),
    json: (value: unknown) => void (result.body = value),
  };
  const req = { query: { nextauth: [action] }, cookies, body, method, headers: { host: "localhost:3000" } };
  await (NextAuth as unknown as (req: unknown, res: unknown, options: unknown) => Promise<void>)(req, res, authOptions);
  result.setCookies = (headers.get("set-cookie") as string[] | undefined) ?? [];
  result.location = headers.get("location") as string | undefined;
  return result;
};

const tokenOf = (cookie: string) => ({ "next-auth.session-token": cookie.split("=")[1] });

/** next-auth's own sign-out: fetch a CSRF token, then POST /api/auth/signout with the session cookie. */
const signOutThroughNextAuth = async (cookie: string) => {
  const csrf = await nextAuth("csrf", tokenOf(cookie));
  const csrfCookie = csrf.setCookies.find((entry) => entry.startsWith("next-auth.csrf-token="))!;
  const csrfValue = decodeURIComponent(csrfCookie.split(";")[0].split("=")[1]);
  const response = await nextAuth(
    "signout",
    { ...tokenOf(cookie), "next-auth.csrf-token": csrfValue },
    { method: "POST", body: { csrfToken: (csrf.body as { csrfToken: string }).csrfToken, json: "true" } },
  );
  expect(JSON.stringify(response.body)).not.toMatch(/csrf=true/);
};

/** What getServerSession (console pages) gets for this cookie. */
const sessionOf = async (cookie: string) => (await nextAuth("session", tokenOf(cookie))).body;

describe("session revocation", () => {
  it("sign-out revokes a copied session cookie for the API and for console pages", async () => {
    const user = await createTestUser();
    const copied = await sessionCookie(user.id);
    expect((await callRoute(getMe, {}, { userId: user.id })).status).toBe(200);
    expect(await sessionOf(copied)).toMatchObject({ user: { id: user.id } });

    await signOutThroughNextAuth(copied);

    const me = await getMe(new Request("http://localhost:3000/api/v1/me", { headers: { cookie: copied } }), {
      params: Promise.resolve({}),
    });
    expect(me.status).toBe(401);
    expect(((await me.json()) as { detail: string }).detail).toMatch(/session has ended/);
    // getServerSession (console pages) reads the same endpoint: no session any more.
    expect(await sessionOf(copied)).toEqual({});
    const events = await db.auditEvent.findMany({ where: { resourceId: user.id, action: "auth.signOut" } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: user.id, resourceType: "user", projectId: null });
  });

  it("a new sign-in after a revocation works; only tokens issued before it are refused", async () => {
    const user = await createTestUser();
    const before = await sessionCookie(user.id);
    await revokeSessions(user.id);
    const after = await sessionCookie(user.id);
    const call = (cookie: string) =>
      getMe(new Request("http://localhost:3000/api/v1/me", { headers: { cookie } }), { params: Promise.resolve({}) });
    expect((await call(before)).status).toBe(401);
    expect((await call(after)).status).toBe(200);
  });

  it("removing a user ends their sessions", async () => {
    const user = await createTestUser();
    const cookie = await sessionCookie(user.id);
    await db.user.delete({ where: { id: user.id } });
    expect(await sessionOf(cookie)).toEqual({});
    const me = await getMe(new Request("http://localhost:3000/api/v1/me", { headers: { cookie } }), {
      params: Promise.resolve({}),
    });
    expect(me.status).toBe(401);
  });
});
