import { expect, test } from "@playwright/test";
import { expectAccessible } from "./support/axe";
import { openNewFromCatalog, resumeSession } from "./support/session";

// Feature views and training datasets end to end: build a view with a join in the builder, create a
// training dataset with a random split, watch its job, download the train split and check its row count.

const OWNER = "owner@larder.local";

test("build a feature view with a join, create a training dataset and download its train split", async ({ page }) => {
  const name = `fraud_e2e_${Date.now().toString(36)}`;
  await openNewFromCatalog(page, { email: OWNER, catalog: "feature-views", action: "New feature view" });
  await page.getByLabel("Name").first().fill(name);
  await page.getByLabel("Root feature group").selectOption("transactions@1");
  await page.getByLabel("is_fraud is a label").check();
  await page.getByRole("button", { name: "Add join" }).click();
  const join = page
    .getByRole("region", { name: /Join 1/ })
    .or(page.locator('[aria-label^="Join 1"]'))
    .first();
  await join.getByLabel("Feature group").selectOption("card_profiles@1");
  await expect(page.getByLabel("Left key 1 of join 1")).toHaveValue("card_id");
  await expectAccessible(page, "feature view builder with a join");
  await page.getByRole("button", { name: "Create feature view" }).click();
  await expect(page).toHaveURL(new RegExp(`/feature-views/${name}/1`));
  await expect(
    page
      .getByRole("figure", { name: new RegExp(`Join diagram of ${name}`) })
      .or(page.getByLabel(`Join diagram of ${name}`))
      .first(),
  ).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/feature-view.png", fullPage: true });
  await expectAccessible(page, "new feature view");

  await page.getByRole("button", { name: "Create training dataset" }).first().click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("radio", { name: /Random/ }).check();
  await dialog.getByLabel("Format").selectOption("csv");
  await expectAccessible(page, "create training dataset dialog");
  await dialog.getByRole("button", { name: "Create", exact: true }).click();
  await expect(page).toHaveURL(/\/training-datasets\//);
  const download = page.getByRole("link", { name: "Download train split (CSV)" });
  await expect(download).toBeVisible({ timeout: 60_000 });
  await page.screenshot({ path: "test-results/screenshots/training-dataset.png", fullPage: true });
  await expectAccessible(page, "training dataset");

  const datasetPath = new URL(page.url()).pathname.replace(
    "/projects/fraud_detection/",
    "/api/v1/projects/fraud_detection/",
  );
  const dataset = await (await page.request.get(datasetPath)).json();
  const train = dataset.splits.find((split: { name: string }) => split.name === "train");
  const test = dataset.splits.find((split: { name: string }) => split.name === "test");
  // transactions has 60,000 rows; a random 80/20 split of them.
  expect(train.rowCount + test.rowCount).toBe(60_000);
  expect(train.rowCount).toBeGreaterThan(45_000);
  const csv = await (await page.request.get((await download.getAttribute("href"))!)).text();
  const lines = csv.trim().split("\n");
  expect(lines.length - 1).toBe(train.rowCount);
  expect(lines[0]).toContain("credit_limit");

  // The training datasets list filters by name or view and by status, in the URL (a filtered list is a link).
  await page.goto("/projects/fraud_detection/training-datasets");
  await page.getByLabel("Filter training datasets").fill(name);
  await expect(page).toHaveURL(new RegExp(`[?&]q=${name}`));
  const list = page.getByRole("table", { name: "Training datasets of fraud_detection" });
  // The dataset is named after its view by default: two links, the dataset's and the view's.
  await expect(list.getByRole("link", { name: `${name} v1` })).toHaveCount(2);
  await expect(list.getByRole("row")).toHaveCount(2);
  await expect(page.getByText(/^1 of \d+ training datasets?$/)).toBeVisible();
  await page.getByLabel("Status").selectOption("FAILED");
  await expect(page).toHaveURL(/status=FAILED/);
  await expect(page.getByText("No training datasets match")).toBeVisible();
  await expectAccessible(page, "training datasets, none matching");
  await page.goto(`/projects/fraud_detection/training-datasets?q=${name}&status=READY`);
  await expect(list.getByRole("link", { name: `${name} v1` })).toHaveCount(2);
  await expect(page.getByLabel("Status")).toHaveValue("READY");
  await page.screenshot({ path: "test-results/screenshots/training-datasets-filtered.png", fullPage: true });
  await page.getByLabel("Status").selectOption("FAILED");
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/training-datasets$/);
  await expect(page.getByLabel("Filter training datasets")).toHaveValue("");
});

test("the feature view's try-it panel fetches a vector from the online store", async ({ page }) => {
  await resumeSession(page, OWNER);
  await page.goto("/projects/fraud_detection/feature-views/fraud_model/1");
  await page.getByLabel("transaction_id (bigint)").fill("42");
  await page.getByRole("button", { name: "Fetch vector" }).click();
  await expect(page.getByText("COMPLETE", { exact: true }).first()).toBeVisible();
  const vector = page.getByRole("table").last();
  await expect(vector.getByRole("row").filter({ hasText: "credit_limit" }).first()).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/try-it.png", fullPage: true });
  await expectAccessible(page, "feature view with a fetched vector");
});
