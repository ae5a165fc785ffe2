import { expect, test, type Cookie, type Page } from "@playwright/test";

const DEMO_PASSWORD = "larder-demo";

// Signing in, three ways (docs/testing.md, "Stored sign-ins"):
// - `signInWithForm`: the sign-in page as a user fills it in. For tests about signing in (the page, its audit
//   events) and for journeys that start signed out.
// - `resumeSession`: the context gets the session of an earlier sign-in of that user in this run, after
//   /api/v1/me has said it is still that user's; no page is loaded. When there is none (or a sign-out ended it:
//   signing out ends every session of the user), it signs in once with the requests the sign-in form sends
//   (lib/client/sign-in.ts) and keeps the new session for the next tests.
// - `signIn`: `resumeSession`, then the projects page, where the form's sign-in lands.

/** The sign-in form, filled in and sent as a user does; lands on the projects page. */
export const signInWithForm = (page: Page, email: string, password = DEMO_PASSWORD) =>
  test.step(`sign in as ${email} with the form`, async () => {
    await page.goto("/signin");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/projects/, { timeout: 30_000 });
  });

// The session cookies of each user's latest sign-in. The console specs run one after another in one Playwright
// worker, so one sign-in a user serves the whole run; a worker restarted after a failure signs in again.
const sessions = new Map<string, Cookie[]>();

const isSignedInAs = async (page: Page, email: string) => {
  const response = await page.request.get("/api/v1/me");
  return response.ok() && (await response.json()).user?.email === email;
};

/** Signs the page's context in as `email` with a stored session (see above); loads no page. */
export const resumeSession = (page: Page, email: string, password = DEMO_PASSWORD) =>
  test.step(`session of ${email}`, async () => {
    const context = page.context();
    const stored = sessions.get(email);
    if (stored) {
      await context.clearCookies();
      await context.addCookies(stored);
      if (await isSignedInAs(page, email)) return;
    }
    await context.clearCookies();
    const { csrfToken } = await (await page.request.get("/api/auth/csrf")).json();
    const response = await page.request.post("/api/auth/callback/credentials", {
      form: { email, password, csrfToken, callbackUrl: "/projects", json: "true" },
    });
    expect(response.ok(), `sign-in of ${email}: ${response.status()} ${await response.text()}`).toBe(true);
    expect(await isSignedInAs(page, email), `signed in as ${email}`).toBe(true);
    sessions.set(
      email,
      (await context.cookies()).filter((cookie) => cookie.name.includes("next-auth.session-token")),
    );
  });

/** Signed in as `email` (a stored session, see above), on the projects page as after the sign-in form. */
export const signIn = async (page: Page, email: string, password = DEMO_PASSWORD) => {
  await resumeSession(page, email, password);
  await page.goto("/projects");
  await expect(page).toHaveURL(/\/projects/);
};

/** The shell's account menu button; its name is its visible text (the user's name and email) after "Account menu:". */
export const accountMenu = (page: Page, email: string) =>
  page.getByRole("button", { name: /^Account menu:/ }).filter({ hasText: email });

/** Signs out from the account menu; that ends every session of the user, the stored one too. */
export const signOut = async (page: Page, email: string) => {
  await accountMenu(page, email).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  sessions.delete(email);
};

/** With a stored session, opens a catalog page of the demo project and its "New …" action (a link, or a button while loading). */
export const openNewFromCatalog = async (
  page: Page,
  { email, catalog, action }: { email: string; catalog: "feature-groups" | "feature-views"; action: string },
) => {
  await resumeSession(page, email);
  await page.goto(`/projects/fraud_detection/${catalog}`);
  await page
    .getByRole("link", { name: action })
    .or(page.getByRole("button", { name: action }))
    .first()
    .click();
};
