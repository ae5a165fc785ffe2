import { expect, type Page } from "@playwright/test";

const DEMO_PASSWORD = "larder-demo";

export const signIn = async (page: Page, email: string, password = DEMO_PASSWORD) => {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/projects/, { timeout: 30_000 });
};

/** The shell's account menu button; its name is its visible text (the user's name and email) after "Account menu:". */
export const accountMenu = (page: Page, email: string) =>
  page.getByRole("button", { name: /^Account menu:/ }).filter({ hasText: email });

export const signOut = async (page: Page, email: string) => {
  await accountMenu(page, email).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
};

/** Signs in, opens a catalog page of the demo project and its "New …" action (a link, or a button while loading). */
export const openNewFromCatalog = async (
  page: Page,
  { email, catalog, action }: { email: string; catalog: "feature-groups" | "feature-views"; action: string },
) => {
  await signIn(page, email);
  await page.goto(`/projects/fraud_detection/${catalog}`);
  await page
    .getByRole("link", { name: action })
    .or(page.getByRole("button", { name: action }))
    .first()
    .click();
};
