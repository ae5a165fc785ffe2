import { expect, test, type Page } from "@playwright/test";
import { resumeSession } from "./support/session";

// At 1440 × 900 (a common laptop) the console's wide pages fit: nothing sticks out of the window, out of its card or
// out of a table's scroll box, so no column, button or filter hides behind a horizontal scroll (issue 13).

const OWNER = "owner@larder.local";
const PROJECT = "/projects/fraud_detection";

test.use({ viewport: { width: 1440, height: 900 } });
// Four pages, each measured and photographed, on a machine that may be busy.
test.describe.configure({ timeout: 300_000 });

/** Elements of the page whose right edge passes the box that scrolls or ends them (the window, a scroll box). */
const overflowing = (page: Page) =>
  page.evaluate(() => {
    const found: string[] = [];
    if (document.documentElement.scrollWidth > document.documentElement.clientWidth)
      found.push(`the page is ${document.documentElement.scrollWidth}px wide`);
    const main = document.getElementById("main")!;
    for (const element of main.querySelectorAll<HTMLElement>("*")) {
      const rect = element.getBoundingClientRect();
      if (rect.width <= 1 || rect.height <= 1) continue;
      let box = element.parentElement!;
      while (box !== main && getComputedStyle(box).overflowX === "visible") box = box.parentElement!;
      // Text cut on purpose (an ellipsis in a box that hides its overflow) is not an overflow.
      if (box !== main && ["hidden", "clip"].includes(getComputedStyle(box).overflowX)) continue;
      const limit = box === main ? main.getBoundingClientRect().right : box.getBoundingClientRect().right;
      if (rect.right > limit + 1)
        found.push(
          `${element.tagName.toLowerCase()} "${(element.textContent ?? "").trim().slice(0, 40)}" ends ${Math.round(rect.right - limit)}px past its box`,
        );
    }
    return found.slice(0, 10);
  });

const expectFits = async (page: Page, name: string) => {
  await expect(page.locator('[role="status"][aria-label^="Loading"]')).toHaveCount(0);
  await page.screenshot({ path: `test-results/screenshots/1440-${name}.png`, fullPage: true });
  expect(await overflowing(page), `overflow on ${name}`).toEqual([]);
};

test("jobs, a job, API keys and the audit log fit a 1440 px window", async ({ page }) => {
  await resumeSession(page, OWNER);
  await page.goto(`${PROJECT}/jobs`);
  await expect(page.getByRole("columnheader", { name: "Attempts" })).toBeVisible();
  await expectFits(page, "jobs");
  await page.getByRole("table").getByRole("link").first().click();
  await expect(page).toHaveURL(/\/jobs\/job_/);
  await expect(page.getByRole("heading", { name: "Details" })).toBeVisible();
  await expectFits(page, "job");
  await page.goto(`${PROJECT}/settings/api-keys`);
  await page.getByRole("button", { name: "Create API key" }).first().click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name", { exact: true }).fill("layout-check-key-with-a-rather-long-name");
  await dialog.getByRole("button", { name: "Select all" }).click();
  await dialog.getByRole("button", { name: "Create API key" }).click();
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByRole("button", { name: /^Revoke / }).first()).toBeVisible();
  await expectFits(page, "api-keys");
  await page.goto(`${PROJECT}/settings/audit`);
  await expect(page.getByRole("button", { name: "Apply filters" })).toBeVisible();
  await expectFits(page, "audit");
});
