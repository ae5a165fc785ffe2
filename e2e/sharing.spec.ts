import { readFile } from "node:fs/promises";
import { expect as baseExpect, test } from "@playwright/test";
import { expectAccessible } from "./support/axe";
import { resumeSession } from "./support/session";

// Sharing in the console (docs/sharing.md). The demo Owner owns both fraud_detection and merchant_risk: as
// fraud_detection's Owner she shares card_profiles and the fraud_model dataset with merchant_risk (a wrong project
// name first: the API's 422 shows on the field), accepts as merchant_risk's Owner, finds the shared items marked in
// merchant_risk's catalog, builds a feature view on the shared group there, downloads the shared dataset's train
// split, and revokes the share from fraud_detection, whose confirmation shows what uses the shared items.

// Page loads on a loaded machine (the stack's worker describes the demo meanwhile) take longer than the default.
const expect = baseExpect.configure({ timeout: 60_000 });
const HOME = "/projects/fraud_detection";
const RECEIVER = "/projects/merchant_risk";
const SHOTS = "test-results/screenshots";

test("an Owner shares a group and a dataset, the receiver accepts, uses and downloads them, and the share is revoked", async ({
  page,
}) => {
  test.setTimeout(480_000);
  await resumeSession(page, "owner@larder.local");

  // fraud_detection offers card_profiles v1 and training dataset fraud_model v1 to merchant_risk.
  await page.goto(`${HOME}/settings/sharing`);
  await page.getByRole("button", { name: "Share…" }).click();
  const dialog = page.getByRole("dialog", { name: "Share with another project" });
  await dialog.getByRole("group", { name: "Feature groups" }).getByLabel("card_profiles v1").check();
  await dialog.getByRole("group", { name: "Training datasets" }).getByLabel("fraud_model v1").check();
  await dialog.getByLabel("Receiving project").fill("no_such_project");
  await dialog.getByRole("button", { name: "Share", exact: true }).click();
  await expect(dialog.getByText("no project 'no_such_project'")).toBeVisible();
  await expect(dialog.getByLabel("Receiving project")).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page, "share dialog with a field error");
  await page.screenshot({ path: `${SHOTS}/sharing-create-error.png`, fullPage: true });
  await dialog.getByLabel("Receiving project").fill("merchant_risk");
  await dialog.getByRole("button", { name: "Share", exact: true }).click();
  await expect(dialog).toBeHidden();
  const sharedBy = page.getByRole("table", { name: "Shared by this project" });
  const offered = sharedBy.getByRole("row").filter({ hasText: "merchant_risk" });
  await expect(offered).toContainText("feature group card_profiles v1");
  await expect(offered).toContainText("training dataset fraud_model v1");
  await expect(offered).toContainText("pending");

  // merchant_risk's Owner accepts.
  await page.goto(`${RECEIVER}/settings/sharing`);
  const offer = page
    .getByRole("table", { name: "Shared with this project" })
    .getByRole("row")
    .filter({ hasText: "fraud_detection" });
  await offer.getByRole("button", { name: "Accept" }).click();
  await expect(offer).toContainText("accepted");

  // The receiver's catalog marks the shared group and lists what is shared with it.
  await page.goto(`${RECEIVER}/feature-groups`);
  const sharedRow = page.getByRole("row").filter({ hasText: "card_profiles" });
  await expect(sharedRow.getByText("Shared from fraud_detection")).toBeVisible();
  const section = page.getByRole("region", { name: "Shared with this project" });
  await expect(section).toContainText("From fraud_detection");
  await expect(section.getByRole("link", { name: "fraud_model v1" })).toBeVisible();
  await expectAccessible(page, "receiver's catalog with shared items");
  await page.screenshot({ path: `${SHOTS}/sharing-receiver-catalog.png`, fullPage: true });

  // The shared group's own page says whose it is and offers no change of it.
  await page.goto(`${RECEIVER}/feature-groups/card_profiles/1`);
  await expect(page.getByRole("heading", { name: /card_profiles/ }).first()).toBeVisible();
  await expect(page.getByText("This feature group belongs to fraud_detection")).toBeVisible();
  await expect(page.getByRole("button", { name: "Delete version" })).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/sharing-receiver-group.png`, fullPage: true });

  // A feature view of merchant_risk on the shared group.
  const viewName = `shared_cards_${Date.now().toString(36)}`;
  await page.goto(`${RECEIVER}/feature-views/new`);
  await page.getByLabel("Name").first().fill(viewName);
  await page.getByLabel("Root feature group").selectOption("card_profiles@1");
  await page.getByRole("button", { name: "Create feature view" }).click();
  await page.waitForURL(new RegExp(`/projects/merchant_risk/feature-views/${viewName}/1`));
  await expect(page.getByText("card_profiles v1").first()).toBeVisible();

  // The shared dataset's train split, downloaded under merchant_risk's path.
  await page.goto(`${RECEIVER}/training-datasets/fraud_model/1`);
  await expect(page.getByText("Shared from fraud_detection").first()).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page
      .getByRole("link", { name: /^Download train split/ })
      .first()
      .click(),
  ]);
  expect((await readFile((await download.path())!)).byteLength).toBeGreaterThan(100);
  await page.screenshot({ path: `${SHOTS}/sharing-shared-dataset.png`, fullPage: true });

  // fraud_detection revokes: the confirmation counts merchant_risk's view on the shared group first.
  await page.goto(`${HOME}/settings/sharing`);
  await page.getByRole("button", { name: "Revoke the share with merchant_risk" }).click();
  const confirm = page.getByRole("alertdialog").or(page.getByRole("dialog"));
  await expect(confirm).toContainText("1 feature view");
  await page.screenshot({ path: `${SHOTS}/sharing-revoke-impact.png`, fullPage: true });
  await confirm.getByRole("button", { name: "Revoke share" }).click();
  await expect(
    page.getByRole("table", { name: "Shared by this project" }).getByRole("row").filter({ hasText: "merchant_risk" }),
  ).toContainText("revoked");

  // The shared group is gone from merchant_risk's catalog.
  await page.goto(`${RECEIVER}/feature-groups`);
  await expect(page.getByRole("row").filter({ hasText: "card_profiles" })).toHaveCount(0);
});
