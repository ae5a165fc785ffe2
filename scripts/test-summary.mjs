// Prints one closing line over both runners: "N passed, N failed, N skipped".
import { existsSync, readFileSync } from "node:fs";

let passed = 0,
  failed = 0,
  skipped = 0;
if (existsSync("test-results/vitest.json")) {
  const vitest = JSON.parse(readFileSync("test-results/vitest.json", "utf8"));
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  skipped += vitest.numPendingTests + (vitest.numTodoTests ?? 0);
} else failed += 1;
if (existsSync("test-results/playwright.json")) {
  const stats = JSON.parse(readFileSync("test-results/playwright.json", "utf8")).stats;
  passed += stats.expected + (stats.flaky ?? 0);
  failed += stats.unexpected;
  skipped += stats.skipped;
} else failed += 1;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
