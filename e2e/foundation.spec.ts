import { expect, test } from "@playwright/test";
import { expectAccessible } from "./support/axe";
import { resumeSession, signIn, signInWithForm, signOut } from "./support/session";

// The Foundation journey: sign in, create a project, add a Viewer who sees no management controls, an
// outsider who gets "not found", an API key made in the console used and then revoked, and an Auditor
// reading the audit log.

const OWNER = "owner@larder.local";
const VIEWER = "viewer@larder.local";
const OUTSIDER = "editor@larder.local";
const AUDITOR = "auditor@larder.local";
const project = `e2e_${Date.now().toString(36)}`;

test.describe.configure({ mode: "serial" });

test("an owner creates a project and adds a Viewer", async ({ page }) => {
  await signInWithForm(page, OWNER);
  await page.getByRole("button", { name: "Create project" }).first().click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill("Bad Name!");
  await dialog.getByRole("button", { name: "Create project" }).click();
  await expect(dialog.getByText(/lowercase/)).toBeVisible();
  await expectAccessible(page, "create project dialog with an error");
  await dialog.getByLabel("Name").fill(project);
  await dialog.getByLabel("Description").fill("Created by the end-to-end test");
  await dialog.getByRole("button", { name: "Create project" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${project}`));

  await page.goto(`/projects/${project}/settings/members`);
  await page.getByRole("button", { name: "Add member" }).click();
  const addDialog = page.getByRole("dialog");
  await addDialog.getByLabel("Email").fill(VIEWER);
  await addDialog.getByLabel("Role").selectOption("VIEWER");
  await expectAccessible(page, "add member dialog");
  await addDialog.getByRole("button", { name: "Add member" }).click();
  await expect(page.getByRole("cell", { name: VIEWER, exact: true })).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/members.png", fullPage: true });
  await expectAccessible(page, "members");
  await signOut(page, OWNER);
});

test("the Viewer sees the project but no management controls", async ({ page }) => {
  await signIn(page, VIEWER);
  await expect(page.getByText(project).first()).toBeVisible();
  await page.goto(`/projects/${project}/settings/members`);
  await expect(page.getByRole("cell", { name: OWNER, exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Add member" })).toHaveCount(0);
  await expect(page.getByLabel(`Role of ${OWNER}`)).toHaveCount(0);
  await expect(page.getByRole("button", { name: `Remove ${OWNER}` })).toHaveCount(0);
  await expectAccessible(page, "members as a Viewer");
  await expect(page.getByRole("link", { name: "Audit log" })).toHaveCount(0);
  await page.goto(`/projects/${project}/settings/general`);
  await expect(page.getByRole("button", { name: "Delete project" })).toHaveCount(0);
  await expectAccessible(page, "general settings as a Viewer");
});

test("an outsider gets 'not found' for the project's URL", async ({ page }) => {
  await resumeSession(page, OUTSIDER);
  const response = await page.goto(`/projects/${project}/settings/members`);
  expect(response?.status()).toBe(404);
  await expect(page.getByText(/project not found/i).first()).toBeVisible();
  await expect(page.getByText(VIEWER)).toHaveCount(0);
  await expectAccessible(page, "project not found");
});

test("an API key created in the console works with fetch until it is revoked", async ({ page, request }) => {
  await resumeSession(page, OWNER);
  await page.goto(`/projects/${project}/settings/api-keys`);
  await page.getByRole("button", { name: "Create API key" }).first().click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name", { exact: true }).fill("e2e-notebook");
  await dialog.getByRole("checkbox", { name: /^members:read/ }).check();
  await expectAccessible(page, "create API key dialog");
  await dialog.getByRole("button", { name: "Create API key" }).click();
  const secret = (await page.getByLabel("API key secret").inputValue()).trim();
  expect(secret).toMatch(/^lk_[0-9a-f]{12}_/);
  await expectAccessible(page, "new API key's secret");
  const ok = await request.get(`/api/v1/projects/${project}/members`, {
    headers: { authorization: `Bearer ${secret}` },
  });
  expect(ok.status()).toBe(200);
  expect((await ok.json()).members.map((member: { email: string }) => member.email)).toContain(VIEWER);
  const outOfScope = await request.post(`/api/v1/projects/${project}/members`, {
    headers: { authorization: `Bearer ${secret}` },
    data: { email: OUTSIDER, role: "VIEWER" },
  });
  expect(outOfScope.status()).toBe(403);
  await page.getByRole("button", { name: "Done" }).click();

  await page.getByRole("button", { name: "Revoke e2e-notebook" }).click();
  await expectAccessible(page, "revoke key confirmation");
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByText(/revoked/i).first()).toBeVisible();
  await expectAccessible(page, "API keys with a revoked key");
  const refused = await request.get(`/api/v1/projects/${project}/members`, {
    headers: { authorization: `Bearer ${secret}` },
  });
  expect(refused.status()).toBe(401);
  expect(refused.headers()["content-type"]).toContain("application/problem+json");
});

test("an Auditor reads and filters the audit log", async ({ page }) => {
  await signInWithForm(page, AUDITOR);
  await page.goto("/projects/fraud_detection/settings/audit");
  await expect(page.getByRole("table")).toBeVisible();
  // Newest first: the members' own sign-ins (this Auditor's included) lead the log.
  await expect(page.getByRole("cell", { name: "auth.signIn", exact: true }).first()).toBeVisible();
  await page.getByLabel("Action").fill("featureGroup.create");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/action=featureGroup.create/);
  await expect(page.getByRole("cell", { name: "featureGroup.create" }).first()).toBeVisible();
  await expect(page.getByRole("cell", { name: "member.add" })).toHaveCount(0);
  await expect(page.getByRole("cell", { name: "auth.signIn", exact: true })).toHaveCount(0);
  await page.screenshot({ path: "test-results/screenshots/audit.png", fullPage: true });
  await expectAccessible(page, "filtered audit log");
});

test("the API reference renders the OpenAPI document", async ({ page, request }) => {
  const document = await (await request.get("/api/v1/openapi.json")).json();
  expect(document.openapi).toBe("3.1.0");
  expect(Object.keys(document.paths)).toContain("/api/v1/projects/{project}/feature-groups");
  await resumeSession(page, VIEWER);
  await page.goto("/api-reference");
  await expect(page.getByText("/api/v1/projects/{project}/api-keys").first()).toBeVisible();
  await expectAccessible(page, "API reference");
});
