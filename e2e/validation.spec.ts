import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "./support/axe";
import { resumeSession } from "./support/session";

// Data validation end to end: build an expectation suite in the console (a form per rule, refused fields shown
// where they are), then a STRICT ingest that breaks it fails, and its report shows why — from the job's page.

const OWNER = "owner@larder.local";
const API = "/api/v1/projects/fraud_detection";
const SHOTS = "test-results/screenshots";

const api = async (page: Page, method: "POST" | "GET", path: string, data?: unknown) => {
  const response = await page.request.fetch(`${API}${path}`, {
    method,
    headers: { "x-larder-csrf": "1", "content-type": "application/json" },
    data: data === undefined ? undefined : JSON.stringify(data),
  });
  expect(response.ok(), await response.text()).toBe(true);
  return response.json();
};

// The shared 2-core machine can take long to answer the first page of a run.
test.setTimeout(180_000);

const rule = (page: Page, number: number) => page.getByRole("group", { name: `Rule ${number}` });

test("create a suite in the console, see a STRICT ingest rejected with its report", async ({ page }) => {
  const name = `payments_${Date.now().toString(36)}`;
  await resumeSession(page, OWNER);
  await api(page, "POST", "/feature-groups", {
    name,
    primaryKey: ["payment_id"],
    eventTime: "paid_at",
    features: Object.entries({ payment_id: "bigint", paid_at: "timestamp", amount: "double", currency: "string" }).map(
      ([feature, type]) => ({ name: feature, type }),
    ),
  });
  await page.goto(`/projects/fraud_detection/feature-groups/${name}/1?tab=validation`);
  await expect(page.getByText("No suite yet")).toBeVisible({ timeout: 45_000 });
  await page.getByRole("button", { name: "Create suite" }).click();
  const dialog = page.getByRole("dialog", { name: "Expectation suite" });
  await expect(dialog.getByRole("radio", { name: /Strict/ })).toBeChecked();

  await dialog.getByRole("button", { name: "Add rule" }).click();
  await rule(page, 1).getByLabel("Feature").selectOption("amount");
  await dialog.getByRole("button", { name: "Add rule" }).click();
  await rule(page, 2).getByLabel("Rule", { exact: true }).selectOption("between");
  await rule(page, 2).getByLabel("Feature").selectOption("amount");
  await rule(page, 2).getByLabel("Minimum", { exact: true }).fill("100");
  await rule(page, 2).getByLabel("Maximum", { exact: true }).fill("0");
  await dialog.getByRole("button", { name: "Add rule" }).click();
  await rule(page, 3).getByLabel("Rule", { exact: true }).selectOption("matches_regex");
  await rule(page, 3).getByLabel("Feature").selectOption("currency");
  // A lookbehind: JavaScript takes it, RE2 (which runs the rule) does not — the server says so.
  await rule(page, 3).getByLabel("Pattern").fill("(?<=x)EUR");
  await dialog.getByRole("button", { name: "Save suite" }).click();
  await expect(rule(page, 2).getByText("max (0) is below min (100)")).toBeVisible();
  await rule(page, 2).getByLabel("Minimum", { exact: true }).fill("0");
  await rule(page, 2).getByLabel("Maximum", { exact: true }).fill("1000");
  await dialog.getByRole("button", { name: "Save suite" }).click();
  await expect(rule(page, 3).getByText(/Not a valid RE2 pattern/)).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/validation-suite-editor.png`, fullPage: true });
  await expectAccessible(page, "the suite editor with a refused field");
  await rule(page, 3).getByLabel("Pattern").fill("^[A-Z]{3}$");
  await dialog.getByRole("button", { name: "Save suite" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("amount: between ≥ 0 and ≤ 1000")).toBeVisible();
  await expect(page.getByText("currency: matches /^[A-Z]{3}$/")).toBeVisible();

  const now = new Date().toISOString();
  const { job } = await api(page, "POST", `/feature-groups/${name}/1/insert`, {
    rows: [
      { payment_id: 1, paid_at: now, amount: 12.5, currency: "EUR" },
      { payment_id: 2, paid_at: now, amount: 5000, currency: "EUR" },
      { payment_id: 3, paid_at: now, amount: null, currency: "usd" },
    ],
  });
  await page.goto(`/projects/fraud_detection/jobs/${job.id}`);
  const failure = page.getByRole("alert").filter({ hasText: "The expectation suite rejected the load" });
  await expect(failure).toBeVisible({ timeout: 30_000 });
  await expect(failure).toContainText("rule 1 not_null(amount): 1 failing row;");
  await expect(failure).toContainText("rule 2 between(amount): 1 failing row;");
  await expect(failure).toContainText("rule 3 matches_regex(currency): 1 failing row. Nothing was written");
  await page.screenshot({ path: `${SHOTS}/validation-job-failed.png`, fullPage: true });

  await page.getByRole("link", { name: /Validation report/ }).click();
  await expect(page).toHaveURL(/tab=validation&report=vr_/);
  const report = page.getByRole("region", { name: /^Report vr_/ });
  await expect(report.getByText("FAILED").first()).toBeVisible();
  await expect(report.getByText(/nothing written/)).toBeVisible();
  await expect(
    report.getByRole("table", { name: "Failing rows of rule 2" }).getByRole("cell", { name: "5000" }),
  ).toBeVisible();
  await expect(
    report.getByRole("table", { name: "Failing rows of rule 3" }).getByRole("cell", { name: "usd" }),
  ).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/validation-report.png`, fullPage: true });
  await expectAccessible(page, "the Validation tab with a failed report");

  // Nothing was written: the group still has no rows.
  const preview = await api(page, "GET", `/feature-groups/${name}/1/preview`);
  expect(preview.rows).toHaveLength(0);
});

test("the demo's transactions open on a validation report with failures", async ({ page }) => {
  await resumeSession(page, OWNER);
  await page.goto("/projects/fraud_detection/feature-groups/transactions/1?tab=validation");
  // The rule shows in the suite's list and, once the report has loaded, in the report too: wait on the list.
  await expect(page.getByRole("listitem").getByText("amount: between ≥ 0 and ≤ 1500")).toBeVisible({ timeout: 45_000 });
  const report = page.getByRole("region", { name: /^Report vr_/ });
  await expect(report.getByText("FAILED").first()).toBeVisible();
  await expect(report.getByRole("table", { name: "Failing rows of rule 3" })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/validation-demo.png`, fullPage: true });
  // The commit it checked links to it from the timeline.
  await page.getByRole("tab", { name: "Activity" }).click();
  await expect(page.getByRole("link", { name: /Validation report/ }).first()).toBeVisible();
});
