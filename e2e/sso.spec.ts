import { expect, test, type Browser, type Page } from "@playwright/test";
import { OIDC_NAME, startOidcProvider } from "./support/oidc";
import { accountMenu, resumeSession, signOut } from "./support/session";

// Single sign-on end to end against a real OpenID Connect provider on loopback (e2e/support/oidc.ts): its ID
// tokens carry no email (userinfo only), one account's email is unverified, and signing out must revoke a copied
// session cookie on the server.

// Two sign-ins at the provider and a full console round trip per test: more than the default minute on a busy machine.
test.describe.configure({ timeout: 180_000 });

let provider: Awaited<ReturnType<typeof startOidcProvider>>;

test.beforeAll(async ({ baseURL }) => {
  provider = await startOidcProvider({ larderUrl: baseURL! });
});

test.afterAll(async () => {
  await provider?.stop();
});

/** Clicks Larder's single sign-on button, logs in at the provider (any password) and consents (a new session). */
const signInAtProvider = async (page: Page, login: string) => {
  await page.goto("/signin");
  await page.getByRole("button", { name: `Sign in with ${OIDC_NAME}` }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any-password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
};

const freshPage = async (browser: Browser, baseURL: string) => (await browser.newContext({ baseURL })).newPage();

test("an account whose email the provider has not verified is refused with Larder's message", async ({
  browser,
  baseURL,
}) => {
  const page = await freshPage(browser, baseURL!);
  await signInAtProvider(page, "viewer");
  await expect(page).toHaveURL(/\/signin\?error=OidcEmailUnverified/);
  await expect(page.getByText("has not verified your email address")).toBeVisible();
  await expect(page.getByText("Access Denied")).toHaveCount(0);
  await page.context().close();
});

test("single sign-on with userinfo-only claims lands in the console; sign-out revokes a copied cookie", async ({
  browser,
  baseURL,
  playwright,
}) => {
  const page = await freshPage(browser, baseURL!);
  await signInAtProvider(page, "editor");
  await expect(page).toHaveURL(/\/projects/);
  await expect(accountMenu(page, "editor@larder.local")).toBeVisible();
  // The ID token held no email: Larder found the user through the userinfo endpoint.
  expect(provider.userinfoReads).toContain("editor");

  const copied = (await page.context().cookies()).find((cookie) => cookie.name === "next-auth.session-token")!;
  const api = await playwright.request.newContext({
    baseURL,
    extraHTTPHeaders: { cookie: `next-auth.session-token=${copied.value}` },
  });
  const me = await api.get("/api/v1/me");
  expect(me.status()).toBe(200);
  // lastLoginAt is set by single sign-on too.
  expect(await me.json()).toMatchObject({ user: { email: "editor@larder.local", lastLoginAt: expect.any(String) } });

  await signOut(page, "editor@larder.local");
  expect((await api.get("/api/v1/me")).status()).toBe(401);
  const thief = await browser.newContext({ baseURL });
  await thief.addCookies([{ ...copied }]);
  const stolen = await thief.newPage();
  await stolen.goto("/projects");
  await expect(stolen).toHaveURL(/\/signin/);
  await thief.close();
  await api.dispose();

  // An administrator reads the single sign-on and the sign-out among every sign-in.
  await page.context().clearCookies();
  await resumeSession(page, "admin@larder.local");
  await page.goto("/admin/sign-ins");
  await expect(page.getByRole("heading", { name: "Sign-ins" })).toBeVisible();
  await expect(page.getByText("auth.signOut").first()).toBeVisible();
  await expect(page.getByText("editor@larder.local").first()).toBeVisible();
  await page.context().close();
});
