import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { expectAccessible } from "./support/axe";
import { resumeSession } from "./support/session";

// Usage in the console (docs/usage.md): the demo seed aggregated today's usage, so the Owner of fraud_detection opens
// Settings › Usage, sees the figures, the three charts, a row per feature group and the share from merchant_risk, and
// downloads the CSV of the same range. An Editor does not see the page in the sidebar; administrators see every
// project at /admin/usage.

const PROJECT = "/projects/fraud_detection";

test("the Owner sees the usage charts and downloads the CSV", async ({ page }) => {
  test.setTimeout(120_000);
  await resumeSession(page, "owner@larder.local");
  await page.goto(`${PROJECT}/settings/usage`);
  await expect(page.getByRole("heading", { level: 1, name: "Usage" })).toBeVisible();
  const totals = page.getByRole("definition").first();
  await expect(totals).not.toHaveText("0 B");
  for (const chart of ["Offline storage (as measured that day)", "Job compute by type", "Feature server requests"])
    await expect(page.getByRole("figure", { name: chart }).locator(".recharts-bar-rectangle").first()).toBeVisible();
  const subjects = page.getByRole("table", { name: "Usage per feature group and view" });
  await expect(subjects).toContainText("card_profiles v1");
  await expect(page.getByRole("table", { name: "Shares made and received" })).toContainText("merchant_risk");
  await expectAccessible(page, "usage page");
  await page.screenshot({ path: "test-results/screenshots/usage.png", fullPage: true });

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^usage-fraud_detection-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = (await readFile((await download.path())!, "utf8")).trim().split("\r\n");
  expect(lines[0]).toBe("day,project,subject_kind,subject_id,subject_name,metric,value");
  const liveBytes = lines.find((line) => line.includes(",project,") && line.includes(",storage.liveBytes,"));
  expect(Number(liveBytes?.split(",").at(-1))).toBeGreaterThan(0);
});

test("an Editor has no Usage page; an administrator sees every project's", async ({ page }) => {
  await resumeSession(page, "editor@larder.local");
  await page.goto(PROJECT);
  await expect(page.getByRole("navigation").getByRole("link", { name: "Sharing" })).toBeVisible();
  await expect(page.getByRole("navigation").getByRole("link", { name: "Usage" })).toHaveCount(0);

  await resumeSession(page, "admin@larder.local");
  await page.goto("/admin/usage");
  const projects = page.getByRole("table", { name: "Usage per project" });
  await expect(projects).toContainText("fraud_detection");
  await expect(projects).toContainText("merchant_risk");
  await page.screenshot({ path: "test-results/screenshots/usage-admin.png", fullPage: true });
});
