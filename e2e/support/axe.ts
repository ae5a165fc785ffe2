import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

// One accessibility check for every page and state the end-to-end tests reach (issue 13): axe with the WCAG 2.0/2.1
// A and AA rules, its best practices and the experimental "label contains the visible text" rule. A serious or
// critical violation fails the test; so do the moderate ones the console once had (a page without a heading of
// level one, headings that skip a level), which would otherwise come back unnoticed.
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];
const ALWAYS_FAIL = new Set(["page-has-heading-one", "heading-order", "label-content-name-mismatch"]);

// What one check may take on a busy machine; each check adds it to the test's budget, so a journey that checks
// many states does not time out for that alone.
const CHECK_BUDGET_MS = 30_000;

export const expectAccessible = (page: Page, state: string) =>
  // A step of its own, so the report's timings (test-results/playwright.json) show what the checks cost.
  test.step(`axe: ${state}`, async () => {
    test.info().setTimeout(test.info().timeout + CHECK_BUDGET_MS);
    // Skeletons and spinners first: axe reads the page a user reads, not its loading state.
    await expect(page.locator('[role="status"][aria-label^="Loading"]')).toHaveCount(0);
    // axe.run in the page itself ("legacy mode": same-origin frames included) rather than axe.runPartial per frame
    // and axe.finishRun in a new blank tab: only cross-origin frames would go unchecked, and the console has none.
    // The rules and results are the same (compared node for node, docs/testing.md); a check costs half as much.
    const result = await new AxeBuilder({ page })
      .setLegacyMode()
      .withTags(TAGS)
      .options({ rules: { "label-content-name-mismatch": { enabled: true } } })
      .analyze();
    const failing = result.violations.filter(
      (violation) => violation.impact === "serious" || violation.impact === "critical" || ALWAYS_FAIL.has(violation.id),
    );
    const described = failing.map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(" "))
          .join(", ")}`,
    );
    // Soft: one run lists the violations of every page the test walks, not only the first page's.
    expect.soft(described, `axe on ${state}`).toEqual([]);
  });
