import { expect, test } from "@playwright/test";
import { expectAccessible } from "./support/axe";
import { resumeSession } from "./support/session";

// Discovery and access requests in the console (docs/sharing.md). The demo's payments_platform (Ada Admin's alone)
// is discoverable: Eddie Editor finds its settlement group in search, in the section of projects he is not a member
// of, and asks to join; Ada approves in Settings › Access requests; Eddie's notifications say so, and he opens the
// group.

const PROJECT = "payments_platform";
const REQUESTER = "editor@larder.local";
const OWNER = "admin@larder.local";

test("a non-member finds a discoverable project, requests access, the Owner approves, the requester is notified", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await resumeSession(page, REQUESTER);
  await page.goto("/projects");
  await page.getByRole("button", { name: /^Search/ }).click();
  const search = page.getByRole("dialog", { name: "Search the catalog" });
  await search.getByLabel("Search query").fill("settlement");
  const discovered = search.getByRole("region", { name: /In projects you are not a member of/ });
  await expect(discovered).toContainText("merchant_settlements");
  await expect(discovered).toContainText("settlement_risk");
  await expect(discovered).toContainText(OWNER);
  // Metadata only: no link into a project that answers 404 to him.
  await expect(discovered.getByRole("link")).toHaveCount(0);
  await discovered.getByRole("button", { name: `Request access to ${PROJECT}` }).click();
  const form = page.getByRole("dialog", { name: `Request access to ${PROJECT}` });
  await form.getByLabel("Role").selectOption("VIEWER");
  await form.getByLabel("Reason").fill("e2e: I join the payments risk work");
  await expectAccessible(page, "request access dialog");
  await page.screenshot({ path: "test-results/screenshots/discovery-request.png" });
  await form.getByRole("button", { name: "Send request" }).click();
  await expect(form).toBeHidden();
  await expect(discovered).toContainText("Request sent");

  const ownerPage = await (await page.context().browser()!.newContext()).newPage();
  await resumeSession(ownerPage, OWNER);
  await ownerPage.goto(`/projects/${PROJECT}/settings/access-requests`);
  await expect(ownerPage.getByText(/^Discoverable:/)).toBeVisible();
  const requests = ownerPage.getByRole("table", { name: "Access requests" });
  // The demo's own pending request, and Eddie's.
  await expect(requests).toContainText("viewer@larder.local");
  const row = requests.getByRole("row").filter({ hasText: REQUESTER });
  await expect(row).toContainText("e2e: I join the payments risk work");
  await expectAccessible(ownerPage, "access requests");
  await row.getByLabel(`Role for ${REQUESTER}`).selectOption("EDITOR");
  await row.getByRole("button", { name: "Approve" }).click();
  await expect(row).toContainText("approved as Editor");
  await ownerPage.screenshot({ path: "test-results/screenshots/discovery-approve.png", fullPage: true });
  await ownerPage.context().close();

  await page.goto("/projects");
  const bell = page.getByRole("button", { name: /^Notifications/ });
  await expect(bell).toContainText("1 unread");
  await bell.click();
  const notice = page.getByRole("menuitem", { name: new RegExp(`request to join ${PROJECT} was approved`) });
  await expect(notice).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/discovery-notification.png" });
  await notice.click();
  await expect(page).toHaveURL(new RegExp(`/projects/${PROJECT}$`));
  await page.goto(`/projects/${PROJECT}/feature-groups/merchant_settlements/1`);
  await expect(page.getByRole("heading", { name: /merchant_settlements/ })).toBeVisible();
  await expect(page.getByText("Feature group not found")).toHaveCount(0);
});
