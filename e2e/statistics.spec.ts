import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "./support/axe";
import { resumeSession } from "./support/session";

// Statistics in the console: the demo's commits are described by the statistics jobs their ingests queued, so the
// Statistics tab shows cards with histograms on first start; comparing two commits overlays their histograms with
// the deltas; the Auditor sees the counts only; the catalog shows completeness; a training dataset's splits too.

const GROUP = "/projects/fraud_detection/feature-groups/card_profiles/1?tab=statistics";

// The worker starts with the console and describes the demo's ten subjects; on a busy 2-core machine that has
// taken up to two minutes after the console was up.
const STATISTICS_READY_MS = 180_000;
test.setTimeout(STATISTICS_READY_MS + 120_000);

/** Opens the group's Statistics tab, reloading while the worker is still describing the demo's commits. */
const openStatistics = async (page: Page) => {
  await expect(async () => {
    await page.goto(GROUP);
    await expect(page.getByRole("region", { name: "Statistics of credit_limit" })).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: STATISTICS_READY_MS, intervals: [2_000, 5_000] });
};

test("the statistics tab shows a card per feature with a histogram, and compares two commits", async ({ page }) => {
  await resumeSession(page, "owner@larder.local");
  await openStatistics(page);
  const card = page.getByRole("region", { name: "Statistics of credit_limit" });
  await expect(card.getByText("Completeness")).toBeVisible();
  await expect(
    page.getByRole("figure", { name: "Histogram of credit_limit" }).locator(".recharts-bar-rectangle").first(),
  ).toBeVisible();
  await expect(page.getByRole("figure", { name: "Histogram of card_type" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Pearson correlations between numeric features" })).toBeVisible();
  await expectAccessible(page, "statistics tab");
  await page.screenshot({ path: "test-results/screenshots/statistics.png", fullPage: true });

  // Compare with the first commit: both commits' bars and the deltas.
  const compare = page.getByLabel("Compare with commit …");
  await expect(compare.locator("option")).not.toHaveCount(1, { timeout: 30_000 });
  const first = await compare.locator("option").last().getAttribute("value");
  await compare.selectOption(first!);
  await expect(card.getByRole("table", { name: `Changes of credit_limit since commit ${first}` })).toBeVisible();
  await expect(card.getByText("Mean", { exact: true }).first()).toBeVisible();
  await expect(
    page.getByRole("figure", { name: "Histogram of credit_limit" }).locator(".recharts-legend-item"),
  ).toHaveCount(2);
  await expectAccessible(page, "statistics comparison");
  await page.getByRole("region", { name: "Statistics of credit_limit" }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/screenshots/statistics-compare.png", fullPage: true });
  await expect(page.getByRole("figure", { name: "Mean and null ratio of card_id across commits" })).toBeVisible();
});

test("the Auditor sees counts but no values", async ({ page }) => {
  await resumeSession(page, "auditor@larder.local");
  await openStatistics(page);
  const card = page.getByRole("region", { name: "Statistics of credit_limit" });
  await expect(card.getByText("Completeness")).toBeVisible();
  await expect(card.getByText("Values are hidden")).toBeVisible();
  await expect(page.getByRole("figure", { name: "Histogram of credit_limit" })).toHaveCount(0);
  await page.screenshot({ path: "test-results/screenshots/statistics-auditor.png", fullPage: true });
});

test("the catalog shows completeness, and a training dataset has statistics per split", async ({ page }) => {
  await resumeSession(page, "owner@larder.local");
  await openStatistics(page);
  await page.goto("/projects/fraud_detection/feature-groups");
  await expect(page.getByTitle(/of values are present/).first()).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/catalog-completeness.png", fullPage: true });
  await expect(async () => {
    await page.goto("/projects/fraud_detection/training-datasets/fraud_model/1");
    await page.getByRole("tab", { name: "Statistics" }).click();
    await expect(page.getByRole("combobox", { name: "Split", exact: true })).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: STATISTICS_READY_MS, intervals: [2_000, 5_000] });
  await expect(page.getByRole("region", { name: /^Statistics of / }).first()).toBeVisible();
  await expectAccessible(page, "training dataset statistics");
  await page.screenshot({ path: "test-results/screenshots/dataset-statistics.png", fullPage: true });
});
