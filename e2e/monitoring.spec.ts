import { expect, test } from "@playwright/test";
import { expectAccessible } from "./support/axe";
import { resumeSession, signIn } from "./support/session";

// Monitoring in the console: the demo's drift monitor on fraud_model shows its metric over time with the threshold
// and an alert on first start; a monitor created in the console (bad input named first) runs now and alerts; the
// Alerts page lists drift and freshness alerts; the catalog colours the stale group; an Auditor sees no values.
// Backtests: the demo's report of merchant_aggregates v2 against v1, a new one run from the console (bad input
// named first), and what an Auditor reads of a report.

const PROJECT = "/projects/fraud_detection";
test.setTimeout(240_000);

test("the demo's fraud_model monitor shows its metric over time, the threshold and an alert", async ({ page }) => {
  await signIn(page, "owner@larder.local");
  await page.goto(`${PROJECT}/feature-views/fraud_model/1?tab=monitoring`);
  const monitors = page.getByRole("region", { name: "Drift monitors" });
  await expect(monitors.getByText("Last 5d of event time")).toBeVisible({ timeout: 30_000 });
  const chart = monitors.getByRole("figure", { name: /merchant_avg_amount_7d · PSI over time/ });
  await expect(chart.locator(".recharts-line-curve")).toBeVisible();
  await expect(chart.getByText(/threshold 0\.2/)).toBeVisible();
  await expect(page.getByTestId("run-details").getByText("merchant_avg_amount_7d")).toBeVisible();
  await expect(page.getByRole("figure", { name: "Histogram of merchant_avg_amount_7d" })).toBeVisible();
  const alerts = page.getByRole("region", { name: "Alerts" });
  await expect(alerts.getByText(/Monitor fraud_model_drift: \d+ thresholds? crossed/).first()).toBeVisible();
  await monitors.scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/screenshots/monitoring-view.png", fullPage: true });
  await expectAccessible(page, "feature view monitoring");
});

// "Run now" follows its job to the end and then reloads the runs and the alerts: the alert list used to be read once,
// before the run, so the new alert never showed (and the runs stopped being polled after 90 s of a busy queue).
test("a monitor created in the console names bad input, runs now, and charts an alert", async ({ page }) => {
  await resumeSession(page, "owner@larder.local");
  await page.goto(`${PROJECT}/feature-groups/card_profiles/1?tab=monitoring`);
  await expect(page.getByRole("region", { name: "Freshness" })).toBeVisible();
  await page.getByRole("button", { name: "New monitor" }).click();
  const dialog = page.getByRole("dialog", { name: "New monitor" });
  await dialog.getByLabel("Name").fill("limits_drift");
  await dialog.getByRole("checkbox", { name: /credit_limit/ }).check();
  await dialog.getByLabel("Metric of credit_limit").selectOption("ks");
  await dialog.getByLabel("Threshold of credit_limit").fill("high");
  await dialog.getByLabel("Detection window").selectOption("commits");
  await dialog.getByLabel("Reference").selectOption("fixedWindow");
  await dialog.getByLabel("From (ISO time)").fill("2000-01-01T00:00:00Z");
  await dialog.getByLabel("Until (ISO time)").fill("1999-01-01T00:00:00Z");
  await dialog.getByLabel("Schedule (cron, UTC)").fill("every day");
  await dialog.getByRole("button", { name: "Create monitor" }).click();
  // Each refusal names its field (the shape first, then the window, then the schedule), and nothing is created.
  const problem = dialog.getByRole("alert");
  await expect(problem.getByText("features.0.metrics.0.threshold")).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/monitoring-bad-input.png" });
  await dialog.getByLabel("Threshold of credit_limit").fill("0.05");
  await dialog.getByRole("button", { name: "Create monitor" }).click();
  await expect(problem.getByText("reference.end")).toBeVisible();
  await dialog.getByLabel("Until (ISO time)").fill("2100-01-01T00:00:00Z");
  await dialog.getByRole("button", { name: "Create monitor" }).click();
  await expect(problem.getByText("cron", { exact: true })).toBeVisible();

  await dialog.getByLabel("Schedule (cron, UTC)").fill("0 * * * *");
  await dialog.getByRole("button", { name: "Create monitor" }).click();
  await expect(dialog).toBeHidden();
  const monitors = page.getByRole("region", { name: "Drift monitors" });
  await expect(monitors.getByText("No runs yet")).toBeVisible();
  await monitors.getByRole("button", { name: "Run now" }).click();
  // The last commit (limit corrections: 2,000–10,000) against the whole snapshot: KS above 0.05.
  await expect(monitors.getByRole("figure", { name: "credit_limit · Kolmogorov–Smirnov over time" })).toBeVisible({
    timeout: 90_000,
  });
  await expect(page.getByTestId("run-details").getByText(/Kolmogorov–Smirnov 0\.\d+ > 0\.05/)).toBeVisible();
  await expect(
    page.getByRole("figure", { name: "Histogram of credit_limit" }).locator(".recharts-bar-rectangle").first(),
  ).toBeVisible();
  await expect(
    page.getByRole("region", { name: "Alerts" }).getByText(/Monitor limits_drift: 1 threshold crossed/),
  ).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/monitoring-group.png", fullPage: true });
});

test("the Alerts page lists drift and freshness alerts; the catalog shows the stale group", async ({ page }) => {
  await signIn(page, "owner@larder.local");
  await page.goto(PROJECT);
  await page.getByRole("link", { name: "Alerts" }).first().click();
  await expect(page.getByRole("heading", { name: "Alerts", level: 1 })).toBeVisible();
  const list = page.getByRole("list", { name: "Alerts" });
  await expect(list.getByText(/merchant_aggregates v1 is stale/)).toBeVisible();
  await expect(list.getByText(/Monitor fraud_model_drift/).first()).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/alerts-page.png", fullPage: true });
  await expectAccessible(page, "alerts page");
  const stale = list.getByTestId("alert").filter({ hasText: "merchant_aggregates v1 is stale" });
  await stale.getByRole("button", { name: "Acknowledge" }).click();
  await expect(stale.getByRole("button", { name: "Reopen" })).toBeVisible();

  await page.goto(`${PROJECT}/feature-groups`);
  // Version 1's row (the demo also has merchant_aggregates v2, the backtested one, without an SLA).
  const row = page.locator('tr:has(a[href$="/feature-groups/merchant_aggregates/1"])');
  await expect(row.getByTestId("freshness-badge")).toHaveText(/stale/);
  // merchant_aggregates' row also says "transactions" (it is derived from it): the row is found by its link.
  const transactions = page
    .getByRole("row")
    .filter({ has: page.getByRole("link", { name: "transactions", exact: true }) });
  await expect(transactions.getByTestId("freshness-badge")).toHaveText(/fresh/);
});

test("an Auditor sees which thresholds were crossed, never the values", async ({ page }) => {
  await signIn(page, "auditor@larder.local");
  await page.goto(`${PROJECT}/feature-views/fraud_model/1?tab=monitoring`);
  const details = page.getByTestId("run-details");
  await expect(details.getByText("Histograms are feature values: hidden for your role.").first()).toBeVisible({
    timeout: 30_000,
  });
  await expect(details.getByText(/PSI hidden/).first()).toBeVisible();
  await expect(page.getByRole("button", { name: "New monitor" })).toHaveCount(0);
});

const BACKTESTS = `${PROJECT}/feature-groups/merchant_aggregates/2?tab=backtests`;

test("the demo's backtest report of merchant_aggregates v2 shows keys, drift, statistics and suites", async ({
  page,
}) => {
  await resumeSession(page, "owner@larder.local");
  await page.goto(BACKTESTS);
  const report = page.getByTestId("backtest-report");
  await expect(report.getByRole("heading", { name: "Backtest of v2 against v1" })).toBeVisible({ timeout: 30_000 });
  // Ten merchants closed (only in v1), ten onboarded (only in v2), 490 in both.
  const diffs = report.getByRole("table", { name: "Rows and keys in one version and not the other" });
  await expect(diffs.getByRole("row", { name: /Keys \(merchant_id\) 10 10 490/ })).toBeVisible();
  await expect(report.getByRole("list", { name: "Keys only in v1" }).getByRole("listitem")).toHaveCount(10);
  await expect(
    report.getByRole("table", { name: "Drift metrics per feature" }).getByText("avg_amount_7d"),
  ).toBeVisible();
  await expect(
    report.getByRole("figure", { name: "Histogram of avg_amount_7d" }).locator(".recharts-bar-rectangle").first(),
  ).toBeVisible();
  await expect(
    report.getByRole("table", { name: "Statistics of both versions" }).getByText("refund_rate_30d"),
  ).toBeVisible();
  await expect(report.getByText("refund_rate_30d: only in the new version")).toBeVisible();
  await expect(
    report.getByRole("region", { name: "Expectation suites" }).getByText("No expectation suite."),
  ).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/backtest-report.png", fullPage: true });
  await expectAccessible(page, "backtest report");
});

test("a backtest run from the console names bad input, follows its job and opens the new report", async ({ page }) => {
  await resumeSession(page, "owner@larder.local");
  await page.goto(BACKTESTS);
  await expect(page.getByRole("region", { name: "Backtests" }).getByRole("row")).toHaveCount(2, { timeout: 30_000 });
  await page.getByRole("button", { name: "Run backtest" }).click();
  const dialog = page.getByRole("dialog", { name: "Run backtest" });
  await dialog.getByLabel("Baseline version").fill("2");
  await dialog.getByLabel("From (ISO time)").fill("2026-03-01T00:00:00Z");
  await dialog.getByLabel("Until (ISO time)").fill("2026-02-01T00:00:00Z");
  await dialog.getByRole("button", { name: "Run backtest" }).click();
  const problem = dialog.getByRole("alert");
  await expect(problem.getByText("window.end")).toBeVisible();
  await dialog.getByLabel("Until (ISO time)").fill("2100-01-01T00:00:00Z");
  await dialog.getByRole("button", { name: "Run backtest" }).click();
  await expect(problem.getByText("baseline.version")).toBeVisible();
  await expect(problem.getByText("must differ from the new version")).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/backtest-bad-input.png" });
  await dialog.getByLabel("Baseline version").fill("1");
  await dialog.getByLabel("From (ISO time)").fill("2000-01-01T00:00:00Z");
  await dialog.getByRole("button", { name: "Run backtest" }).click();
  await expect(dialog).toBeHidden({ timeout: 120_000 });
  // The new report is listed first and open: the whole history, so both price windows are in it.
  await expect(page.getByRole("region", { name: "Backtests" }).getByRole("row")).toHaveCount(3);
  await expect(page).toHaveURL(/backtest=bt_/);
  const report = page.getByTestId("backtest-report");
  await expect(report.getByText(/event time 2000-01-01 00:00 – 2100-01-01 00:00 UTC/)).toBeVisible();
  await expect(
    report.getByRole("table", { name: "Rows and keys in one version and not the other" }).getByRole("row", {
      name: /Keys \(merchant_id\) 10 10 490/,
    }),
  ).toBeVisible();
});

test("an Auditor reads a backtest's counts and crossed thresholds, never its values", async ({ page }) => {
  await resumeSession(page, "auditor@larder.local");
  await page.goto(BACKTESTS);
  const report = page.getByTestId("backtest-report");
  await expect(report.getByText("Keys are feature values: hidden for your role.")).toBeVisible({ timeout: 30_000 });
  await expect(report.getByText("Histograms are feature values: hidden for your role.").first()).toBeVisible();
  const metrics = report.getByRole("table", { name: "Drift metrics per feature" });
  await expect(metrics.getByText(/^hidden/).first()).toBeVisible();
  await expect(report.getByRole("table", { name: "Rows and keys in one version and not the other" })).toContainText(
    "490",
  );
  await expect(page.getByRole("button", { name: "Run backtest" })).toHaveCount(0);
  await page.screenshot({ path: "test-results/screenshots/backtest-auditor.png", fullPage: true });
});
