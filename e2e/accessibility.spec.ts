import { expect, test } from "@playwright/test";
import { expectAccessible } from "./support/axe";
import { accountMenu, resumeSession, signIn, signInWithForm, signOut } from "./support/session";

// axe on every page of the console, in the states a user meets first (issue 13). The journeys in the other specs
// check the states they create (dialogs, filtered lists, a new feature group's tabs) with the same helper.

const OWNER = "owner@larder.local";
const ADMIN = "admin@larder.local";
const PROJECT = "/projects/fraud_detection";

// Each test walks many pages, and axe takes seconds a page on a busy machine.
test.describe.configure({ timeout: 600_000 });

test("signed out: sign-in, setup and a page that does not exist", async ({ page }) => {
  await page.goto("/signin");
  await expectAccessible(page, "sign-in");
  await page.goto("/setup");
  await expectAccessible(page, "setup (already set up)");
  await signInWithForm(page, OWNER);
  const response = await page.goto("/projects/no_such_project");
  expect(response?.status()).toBe(404);
  await expectAccessible(page, "project not found");
  await page.goto("/no/such/page");
  await expectAccessible(page, "page not found");
  await page.goto("/admin/users");
  await expect(page.getByRole("heading", { level: 1, name: "Administrators only" })).toBeVisible();
  await expectAccessible(page, "admin users as a non-administrator");
});

test("the project's pages as its Owner", async ({ page }) => {
  await signIn(page, OWNER);
  await expectAccessible(page, "projects");
  await page.getByRole("button", { name: "Create project" }).first().click();
  await expectAccessible(page, "create project dialog");
  await page.keyboard.press("Escape");
  for (const [path, state] of [
    ["", "project overview"],
    ["/feature-groups", "feature groups"],
    ["/feature-groups/new", "new feature group"],
    ["/feature-views", "feature views"],
    ["/feature-views/new", "feature view builder"],
    ["/feature-views/fraud_model/1", "feature view detail"],
    ["/training-datasets", "training datasets"],
    ["/settings/general", "general settings"],
    ["/settings/members", "members"],
    ["/settings/api-keys", "API keys"],
    ["/settings/audit", "audit log"],
  ]) {
    await page.goto(`${PROJECT}${path}`);
    await expectAccessible(page, state);
  }
});

test("the feature group tabs, a training dataset, jobs and the API reference as the Owner", async ({ page }) => {
  await resumeSession(page, OWNER);
  await page.goto(`${PROJECT}/feature-groups/transactions/1`);
  for (const tab of ["Schema", "Data", "Activity", "Jobs"]) {
    await page.getByRole("tab", { name: tab }).click();
    await expect(page.getByRole("tab", { name: tab })).toHaveAttribute("aria-selected", "true");
    await expectAccessible(page, `feature group ${tab} tab`);
  }
  await page.goto(`${PROJECT}/training-datasets`);
  await page.getByRole("table").getByRole("link").first().click();
  await expect(page).toHaveURL(/\/training-datasets\/[^/]+\/\d+/);
  await expectAccessible(page, "training dataset detail");
  await page.goto(`${PROJECT}/jobs`);
  await expectAccessible(page, "jobs");
  await page.getByRole("tab", { name: "Schedules" }).click();
  await expectAccessible(page, "schedules");
  await page.goto(`${PROJECT}/jobs`);
  await page.getByRole("table").getByRole("link").first().click();
  await expect(page).toHaveURL(/\/jobs\/job_/);
  await expectAccessible(page, "job detail");
  await page.goto("/api-reference");
  await expectAccessible(page, "API reference");
  await accountMenu(page, OWNER).click();
  await expectAccessible(page, "account menu open");
  await page.keyboard.press("Escape");
  await signOut(page, OWNER);
});

test("the administrator's users page", async ({ page }) => {
  await resumeSession(page, ADMIN);
  await page.goto("/admin/users");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectAccessible(page, "admin users");
});
