import { expect, test } from "@playwright/test";
import { expectAccessible } from "./support/axe";
import { openNewFromCatalog, resumeSession } from "./support/session";

// Feature groups end to end: create one from an uploaded CSV, watch its ingest job, see the preview and
// the commit in the timeline; browse the demo catalog.

const OWNER = "owner@larder.local";

const cardsCsv = (rows: number) => {
  const lines = ["Card ID,CardType,credit_limit,is_premium,updated_at"];
  for (let i = 1; i <= rows; i++)
    lines.push(
      `${i},${["visa", "amex", "mastercard"][i % 3]},${1000 + i},${i % 2 === 0},2026-01-${String(1 + (i % 28)).padStart(2, "0")} 10:00:00`,
    );
  return `${lines.join("\n")}\n`;
};

test("the demo catalog lists the fraud feature groups", async ({ page }) => {
  await resumeSession(page, OWNER);
  await page.goto("/projects/fraud_detection/feature-groups");
  for (const name of ["card_profiles", "merchant_aggregates", "transactions"])
    await expect(page.getByRole("link", { name, exact: true }).first()).toBeVisible();
  await expect(page.getByText("60,000").first()).toBeVisible();
  await expectAccessible(page, "feature groups");
  await page.screenshot({ path: "test-results/screenshots/catalog.png", fullPage: true });
});

test("create a feature group from an uploaded CSV, watch the job, see the preview and the commit", async ({ page }) => {
  const name = `cards_${Date.now().toString(36)}`;
  await openNewFromCatalog(page, { email: OWNER, catalog: "feature-groups", action: "New feature group" });
  await expectAccessible(page, "new feature group");
  await page
    .getByLabel("Upload a file")
    .setInputFiles({ name: "cards.csv", mimeType: "text/csv", buffer: Buffer.from(cardsCsv(500)) });
  // The inferred schema pre-fills the form: the "Card ID" column becomes the card_id feature.
  await expect(page.locator('input[value="card_id"]').first()).toBeVisible();
  await expectAccessible(page, "new feature group with an inferred schema");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Create feature group" }).click();
  await expect(page).toHaveURL(new RegExp(`/feature-groups/${name}/1`));
  // The load job ran with progress to 100 %.
  await page.getByRole("tab", { name: "Jobs" }).click();
  await expect(page.getByRole("progressbar").first()).toHaveAttribute("aria-valuenow", "100", { timeout: 30_000 });
  await expectAccessible(page, "a new group's Jobs tab");
  await page.getByRole("tab", { name: "Activity" }).click();
  const commits = page.getByRole("table").first();
  await expect(commits.getByRole("row").filter({ hasText: "500" }).first()).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: "test-results/screenshots/activity.png", fullPage: true });
  await expectAccessible(page, "a new group's Activity tab");
  await page.getByRole("tab", { name: "Data" }).click();
  await expect(page.getByLabel("As of commit")).toBeVisible();
  await expect(page.getByRole("cell", { name: "amex" }).first()).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/data.png", fullPage: true });
  await expectAccessible(page, "a new group's Data tab");
  await page.goto("/projects/fraud_detection/jobs");
  // This group's own load job (the demo has succeeded jobs of its own, and the commit queued a statistics job of
  // this group beside it): one ingest row, succeeded, 500 rows.
  const jobRow = page
    .getByRole("table")
    .getByRole("row")
    .filter({ has: page.getByRole("link", { name: `${name} v1`, exact: true }) })
    .filter({ has: page.getByRole("link", { name: /^ingest job / }) });
  await expect(jobRow).toHaveCount(1);
  await expect(jobRow.getByRole("cell").nth(1)).toHaveText("Succeeded");
  await expect(jobRow.getByRole("cell").nth(3)).toHaveText("500");
});
