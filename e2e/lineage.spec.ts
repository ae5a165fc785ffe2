import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "./support/axe";
import { resumeSession } from "./support/session";

// Lineage in the console (docs/lineage.md): the demo's fraud_model view shows its groups and training datasets with
// the card holders' PII highlighted; a node's columns show where each PII column comes from; expanding a group
// brings in what else derives from it; the Auditor's table of where PII goes; a delete dialog shows what depends
// on the artifact, and only the Owner may force the delete.

test.slow();

const OWNER = "owner@larder.local";
const PROJECT = "/projects/fraud_detection";
const API = "/api/v1/projects/fraud_detection";
const SHOTS = "test-results/screenshots";

const post = async (page: Page, url: string, data: unknown) => {
  const response = await page.request.post(url, { data, headers: { "x-larder-csrf": "1" } });
  expect(response.status(), await response.text()).toBeLessThan(300);
};

test("the lineage page of fraud_model: PII highlighted, columns and expand on click, a table view", async ({
  page,
}) => {
  await resumeSession(page, OWNER);
  await page.goto(`${PROJECT}/feature-views/fraud_model/1`);
  await page.getByRole("link", { name: "Lineage" }).click();
  const graph = page.getByRole("figure", { name: "Lineage graph of fraud_model" });
  await expect(graph).toBeVisible({ timeout: 30_000 });
  await expect(graph.getByRole("group", { name: "Feature group transactions v1" })).toBeVisible();
  await expect(graph.getByRole("group", { name: "Feature group card_profiles v1" })).toBeVisible();
  await expect(graph.getByRole("group", { name: /^Training dataset / }).first()).toBeVisible();
  const root = graph.getByRole("group", { name: "Feature view fraud_model v1" });
  await expect(root.getByText(/PII \(from transactions\.card_id/)).toBeVisible();
  await expect(graph.locator(".react-flow__edge.lineage-pii").first()).toBeAttached();

  // The view's columns, each with where its PII comes from.
  await root.getByRole("button", { name: "Show the columns of fraud_model v1" }).click();
  const columns = root.getByRole("list", { name: "Columns of fraud_model v1" });
  await expect(columns.getByRole("listitem").filter({ hasText: /^card_id/ })).toContainText("transactions.card_id");
  await expect(
    columns
      .getByRole("listitem")
      .filter({ hasText: /^amount\b/ })
      .first(),
  ).not.toContainText("PII");

  await page.screenshot({ path: "test-results/screenshots/lineage.png", fullPage: true });
  await expectAccessible(page, "the lineage page");

  await page.getByRole("radio", { name: "Table" }).click();
  const table = page.getByRole("table", { name: "Artifacts in the lineage" });
  await expect(table.getByRole("row").filter({ hasText: "transactions v1" })).toContainText("1 up");
  await expect(page.getByRole("table", { name: "Column lineage" })).toContainText("on demand: amount / credit_limit");
});

test("expanding a node on click brings in its lineage", async ({ page }) => {
  await resumeSession(page, OWNER);
  await page.goto(`${PROJECT}/lineage?kind=feature_group&name=transactions&version=1`);
  const graph = page.getByRole("figure", { name: "Lineage graph of transactions" });
  await expect(graph.getByRole("group", { name: "Feature view fraud_model v1" })).toBeVisible({ timeout: 30_000 });
  // One level each way: the group derived from transactions and the view, not yet the view's datasets.
  await expect(graph.getByRole("group", { name: "Feature group merchant_aggregates v1" })).toBeVisible();
  await expect(graph.getByRole("group", { name: /^Training dataset / })).toHaveCount(0);
  await graph.getByRole("button", { name: "Expand the lineage of fraud_model v1" }).click();
  await expect(graph.getByRole("group", { name: /^Training dataset / }).first()).toBeVisible();
  await expect(graph.getByRole("group", { name: "Feature group card_profiles v1" })).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/lineage-expanded.png", fullPage: true });
});

test("the Auditor's table of where PII goes, exported as CSV", async ({ page }) => {
  await resumeSession(page, "auditor@larder.local");
  await page.goto(`${PROJECT}/lineage/pii`);
  const table = page.getByRole("table", { name: "PII flow" });
  const row = table
    .getByRole("row")
    .filter({ hasText: "transactions.card_id" })
    .filter({ hasText: "fraud_model v1" })
    .first();
  await expect(row).toBeVisible({ timeout: 30_000 });
  await expectAccessible(page, "the PII flow table");
  await page.screenshot({ path: "test-results/screenshots/lineage-pii.png", fullPage: true });
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Export CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("fraud_detection-pii-flow.csv");
});

test("a feature view's delete dialog shows what depends on it; the Editor cannot force it, the Owner does", async ({
  page,
}) => {
  // A view of its own with a model trained on it (the demo's are used by the specs after this one).
  const view = `force_view_${Date.now().toString(36)}`;
  const model = `${view}_model`;
  await resumeSession(page, OWNER);
  await post(page, `${API}/feature-views`, {
    name: view,
    root: { featureGroup: { name: "transactions", version: 1 } },
  });
  await post(page, `${API}/models`, { name: model, featureView: { name: view, version: 1 } });
  const openDialog = async () => {
    await page.goto(`${PROJECT}/feature-views/${view}/1`);
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    const dialog = page.getByRole("alertdialog", { name: `Delete ${view} v1?` });
    await expect(dialog.getByRole("list", { name: "Dependents" })).toContainText(`${model} v1`);
    return dialog;
  };

  // The Editor sees the impact and why the delete is not possible: nothing to confirm.
  await resumeSession(page, "editor@larder.local");
  const refused = await openDialog();
  await expect(refused.getByText("You cannot delete it while others depend on it")).toBeVisible();
  await expect(refused.getByText(/needs the lineage:override scope/)).toBeVisible();
  await expect(refused.getByRole("button", { name: "Delete and mark 1 dependent broken" })).toBeDisabled();
  await expect(refused.getByRole("checkbox")).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/lineage-force-refused.png` });
  await refused.getByRole("button", { name: "Cancel" }).click();

  // The Owner forces it from the dialog: the model stays, marked broken.
  await resumeSession(page, OWNER);
  const dialog = await openDialog();
  const confirm = dialog.getByRole("button", { name: "Delete and mark 1 dependent broken" });
  await expect(confirm).toBeDisabled();
  await dialog.getByRole("checkbox", { name: "Force the delete: keep 1 dependent marked broken" }).check();
  await expectAccessible(page, "the forced delete dialog");
  await page.screenshot({ path: `${SHOTS}/lineage-force-delete.png` });
  await confirm.click();
  await expect(page).toHaveURL(/\/feature-views$/);
  expect((await page.request.get(`${API}/feature-views/${view}/1`)).status()).toBe(404);
  await page.goto(`${PROJECT}/lineage?kind=model&name=${model}&version=1`);
  const node = page
    .getByRole("figure", { name: `Lineage graph of ${model}` })
    .getByRole("group", { name: `Model ${model} v1` });
  await expect(node.getByText("broken", { exact: true })).toBeVisible({ timeout: 30_000 });
});
