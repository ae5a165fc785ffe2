import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { expectAccessible } from "./support/axe";
import { resumeSession } from "./support/session";

// Erasure in the console (docs/erasure.md): the demo's Owner files an erasure of one customer of customer_contacts,
// follows it to Completed and downloads its report, whose SHA-256 is the one the page shows.

const PROJECT = "/projects/fraud_detection";

test("files an erasure and downloads its report, whose SHA-256 verifies", async ({ page }) => {
  test.setTimeout(180_000);
  await resumeSession(page, "owner@larder.local");
  await page.goto(`${PROJECT}/settings/erasure`);
  const requests = page.getByRole("table", { name: "Erasure requests" });
  // The demo's own erasure, done when the demo was seeded.
  await expect(requests).toContainText("DSR-2026-0142");
  await expectAccessible(page, "erasure requests");

  await page.getByRole("button", { name: "File an erasure" }).click();
  const dialog = page.getByRole("dialog", { name: "File an erasure request" });
  await dialog.getByLabel("Key column").selectOption("customer_id");
  await dialog.getByLabel("Values of customer_id").fill("C-1012");
  await dialog.getByLabel("Feature groups").selectOption({ label: "Only customer_contacts v1" });
  await dialog.getByRole("radio", { name: /Mark/ }).check();
  await dialog.getByLabel("Note").fill("e2e DSR");
  await expectAccessible(page, "file an erasure dialog");
  await dialog.getByRole("button", { name: "Erase 1 key" }).click();
  await expect(dialog).toBeHidden();

  const row = requests.getByRole("row").filter({ hasText: "e2e DSR" });
  await expect(row.getByText("Completed")).toBeVisible({ timeout: 150_000 });
  await expect(row).toContainText("1 row erased");
  const shown = await row
    .getByRole("button", { name: "Copy the report's SHA-256" })
    .evaluate((button) => button.closest("span")?.textContent ?? "");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    row.getByRole("link", { name: "Download report" }).click(),
  ]);
  const bytes = await readFile((await download.path())!);
  const digest = createHash("sha256").update(bytes).digest("hex");
  expect(shown).toContain(digest.slice(0, 12));
  const report = JSON.parse(bytes.toString("utf8"));
  expect(report.summary.rowsErased).toBe(1);
  expect(bytes.toString("utf8")).not.toContain("C-1012");
  await page.screenshot({ path: "test-results/screenshots/erasure.png", fullPage: true });
});
