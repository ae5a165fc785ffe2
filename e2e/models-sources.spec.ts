import { expect, test } from "@playwright/test";
import { expectAccessible } from "./support/axe";
import { resumeSession } from "./support/session";

// Models, data sources and definition history in the console (docs/models.md, docs/data-sources.md,
// docs/history.md): registering a model on the demo's training dataset, the side-by-side diff of card_profiles'
// edited definition, and a feature group created from the demo's data source.

const PROJECT = "/projects/fraud_detection";
const suffix = () => Math.random().toString(36).slice(2, 8);

test("registers a model on a training dataset; the dataset's page lists it", async ({ page }) => {
  await resumeSession(page, "owner@larder.local");
  await page.goto(`${PROJECT}/models`);
  await expect(page.getByRole("link", { name: /fraud_detector/ })).toBeVisible();
  await page.getByRole("link", { name: "Register model" }).first().click();
  const name = `churn_model_${suffix()}`;
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Framework").fill("lightgbm");
  await page.getByLabel("Metrics").fill("auc=0.88\nlogloss=0.31");
  const dataset = page.getByLabel("Training dataset");
  await expect(dataset.locator("option")).not.toHaveCount(1);
  await dataset.selectOption({ index: 1 });
  await page.getByRole("button", { name: "Register model" }).click();
  await expect(page.getByRole("heading", { name: new RegExp(name) })).toBeVisible();
  await expect(page.getByText("0.88")).toBeVisible();
  await expect(page.getByRole("region", { name: "Serving status" })).toBeVisible();
  await expectAccessible(page, "model page");
  await page.screenshot({ path: "test-results/screenshots/model.png", fullPage: true });
  await expect(page.getByRole("region", { name: "Lineage" })).toBeVisible();
  await page.getByRole("region", { name: "Trained on" }).getByRole("link").last().click();
  await expect(page.getByRole("table", { name: "Models trained on this training dataset" })).toContainText(name);
});

test("the demo's fraud model shows its lineage from the data source and its serving status", async ({ page }) => {
  await resumeSession(page, "owner@larder.local");
  await page.goto(`${PROJECT}/models/fraud_detector/1`);
  const lineage = page.getByRole("list", { name: "Lineage of fraud_detector v1" });
  await expect(lineage).toContainText("merchant_risk_db");
  await expect(lineage).toContainText("merchant_aggregates v1");
  await expect(lineage).toContainText("fraud_model v1");
  await expect(page.getByRole("region", { name: "Serving status" })).toContainText("card_profiles v1");
  await page.getByRole("region", { name: "Lineage" }).getByRole("link", { name: "merchant_risk_db" }).click();
  await expect(page.getByRole("table", { name: "Columns of merchant_risk_db" })).toBeVisible();
});

test("shows the definition history of a feature group with a side-by-side diff", async ({ page }) => {
  await resumeSession(page, "owner@larder.local");
  await page.goto(`${PROJECT}/feature-groups/card_profiles/1?tab=history`);
  const history = page.getByRole("table", { name: "Definition history of card_profiles" });
  await expect(history).toContainText("Created");
  await expect(history).toContainText("Updated");
  await page.getByLabel("From", { exact: true }).selectOption("r1");
  const schema = page.getByRole("figure", { name: "Schema changes" });
  await expect(schema.locator('[data-diff="removed"]').first()).toContainText("Credit limit in EUR");
  await expect(schema.locator('[data-diff="added"]').first()).toContainText("as set by the issuer");
  await expect(page.getByRole("figure", { name: "Description changes" })).toBeVisible();
  // The same version as it stood at a point in time: starting from r1's time, before the descriptions were edited.
  await page.getByLabel("From", { exact: true }).selectOption("time");
  await expect(page.getByLabel("From time")).toHaveValue(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  await expect(schema.locator('[data-diff="added"]').first()).toContainText("as set by the issuer");
  await expectAccessible(page, "definition diff");
  await page.screenshot({ path: "test-results/screenshots/definition-diff.png", fullPage: true });
});

test("creates a feature group from a data source and fills it by a job", async ({ page }) => {
  test.setTimeout(180_000);
  await resumeSession(page, "owner@larder.local");
  await page.goto(`${PROJECT}/data-sources`);
  await page.getByRole("link", { name: "merchant_risk_db" }).click();
  await expect(page.getByRole("table", { name: "Columns of merchant_risk_db" })).toContainText("risk_score");
  // The demo's source reads the demo's own database with its URL's credentials: the machine's PostgreSQL in the e2e
  // stack takes no password (encryption at rest is shown in server/sources/sources.test.ts).
  await expect(page.getByText(/· (password stored encrypted|no password)/)).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/data-source.png", fullPage: true });
  const group = `risk_copy_${suffix()}`;
  await page.getByLabel("Feature group name").fill(group);
  await page.getByLabel("Primary key").selectOption("merchant_id");
  await page.getByRole("button", { name: "Create feature group" }).click();
  await expect(page).toHaveURL(new RegExp(`/feature-groups/${group}/1`));
  await expect(async () => {
    await page.reload();
    await expect(page.getByText("Succeeded").first()).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 150_000, intervals: [2_000, 5_000] });
  await page.screenshot({ path: "test-results/screenshots/group-from-source.png", fullPage: true });
});
