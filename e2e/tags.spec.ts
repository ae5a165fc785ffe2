import { expect, test } from "@playwright/test";
import { expectAccessible } from "./support/axe";
import { resumeSession } from "./support/session";

// Tags and search end to end: tag a feature with the PII schema (a refused value shown under its field), then find
// it with ⌘K, narrow the results with facets and open one.

const OWNER = "owner@larder.local";

// The machine is shared: these walk several dialogs and API round trips.
test.slow();

test("tag a feature with the PII schema", async ({ page }) => {
  await resumeSession(page, OWNER);
  await page.goto("/projects/fraud_detection/feature-groups/transactions/1");
  const row = page.getByRole("row").filter({ has: page.getByRole("cell", { name: "country", exact: true }) });
  await row.getByRole("button", { name: "Edit tags of country" }).click();
  const dialog = page.getByRole("dialog", { name: "Tags of country" });
  await dialog.getByLabel("Add a tag").selectOption("pii");
  await dialog.getByRole("button", { name: "Add", exact: true }).click();
  // Saved without its required category: the API's refusal is shown under the field, nothing is saved.
  await dialog.getByRole("button", { name: "Save tags" }).click();
  await expect(dialog.getByText("is required")).toBeVisible();
  await dialog.getByLabel("category").selectOption("location");
  await dialog.getByLabel("legalBasis (optional)").selectOption("legitimate_interests");
  await dialog.getByLabel("retentionDays (optional)").fill("365");
  await dialog.getByLabel("Keywords").fill("geography, merchant");
  await expectAccessible(page, "the tag editor");
  await page.screenshot({ path: "test-results/screenshots/tags-editor.png" });
  await dialog.getByRole("button", { name: "Save tags" }).click();
  await expect(dialog).toBeHidden();
  await expect(row.getByText("pii: location")).toBeVisible();
  await expect(row.getByText("geography")).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/tags-schema-tab.png", fullPage: true });
});

test("search with ⌘K and facets", async ({ page }) => {
  await resumeSession(page, OWNER);
  await page.goto("/projects");
  await page.keyboard.press("Control+k");
  const dialog = page.getByRole("dialog", { name: "Search the catalog" });
  const box = dialog.getByLabel("Search query");
  await box.fill("card");
  await expect(dialog.getByRole("heading", { name: /Feature groups/ })).toBeVisible();
  await expect(dialog.getByRole("heading", { name: /Features/ })).toBeVisible();
  // Ranked: a group whose name starts with the word first (other specs add cards_… groups, used more recently than
  // the demo's), with the word highlighted and the project named; the demo's card_profiles is among them.
  const groups = dialog.getByRole("region", { name: /Feature groups/ });
  const first = groups.getByRole("link").first();
  await expect(first).toHaveText(/^card/);
  await expect(first.locator("mark").first()).toHaveText("card");
  await expect(first).toContainText("in fraud_detection");
  await expect(groups.getByRole("link").filter({ hasText: "card_profiles" }).first()).toBeVisible();
  await expectAccessible(page, "search results");
  await page.screenshot({ path: "test-results/screenshots/search.png" });
  // The kind facet narrows to features; the tag facet to personal data.
  await dialog.getByRole("button", { name: /^Features/ }).click();
  await expect(box).toHaveValue("card kind:feature");
  await expect(dialog.getByRole("heading", { name: /Feature groups/ })).toBeHidden({ timeout: 30_000 });
  await dialog.getByRole("button", { name: /^pii/ }).click();
  await expect(box).toHaveValue("card kind:feature tag:pii");
  await expect(dialog.getByRole("link").filter({ hasText: "card_id" }).first()).toContainText("pii: financial");
  await page.screenshot({ path: "test-results/screenshots/search-facets.png" });
  // A query the API refuses says why.
  await box.fill('card "holder');
  await expect(dialog.getByText("a quote is not closed")).toBeVisible();
  await box.fill("pii.category:location");
  await dialog.getByRole("link").filter({ hasText: "latitude" }).first().click();
  await expect(page).toHaveURL(/\/feature-groups\/transactions\/1/);
});

test("an administrator defines a tag schema and its next version in the console", async ({ page }) => {
  await resumeSession(page, "admin@larder.local");
  await page.goto("/admin/users");
  await page.getByRole("link", { name: "Tag schemas" }).click();
  await expect(page.getByRole("heading", { name: "Tag schemas" })).toBeVisible();
  await expect(page.getByRole("cell", { name: /^pii/ }).first()).toBeVisible();
  const name = `review_${Date.now().toString(36)}`;
  await page.getByRole("button", { name: "Create tag schema" }).click();
  const dialog = page.getByRole("dialog", { name: "Create tag schema" });
  await dialog.getByLabel("Name", { exact: true }).fill(name);
  await dialog.getByLabel("Field 1 name").fill("status");
  await dialog.getByLabel("Type").selectOption("enum");
  // An enum without values is refused under its field; nothing is created.
  await dialog.getByRole("button", { name: "Create schema" }).click();
  await expect(dialog.getByText("an enum field lists its values")).toBeVisible();
  await dialog.getByLabel("Enum values").fill("draft, approved");
  await dialog.getByRole("checkbox", { name: "Required" }).check();
  await expectAccessible(page, "the tag schema form");
  await page.screenshot({ path: "test-results/screenshots/tag-schema-form.png" });
  await dialog.getByRole("button", { name: "Create schema" }).click();
  await expect(dialog).toBeHidden();
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("v1");
  await expect(row).toContainText("status: enum (draft, approved), required");
  // The next version starts from the latest one's fields.
  await row.getByRole("button", { name: `New version of ${name}` }).click();
  const next = page.getByRole("dialog", { name: `New version of ${name}` });
  await next.getByRole("button", { name: "Add field" }).click();
  await next.getByLabel("Field 2 name").fill("reviewed_on");
  await next.getByLabel("Type").nth(1).selectOption("date");
  await next.getByRole("button", { name: "Create version" }).click();
  await expect(next).toBeHidden();
  await expect(page.getByRole("row").filter({ hasText: name }).filter({ hasText: "v2" })).toContainText(
    "reviewed_on: date",
  );
  await page.screenshot({ path: "test-results/screenshots/tag-schemas.png", fullPage: true });
});
