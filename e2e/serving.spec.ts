import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "./support/axe";
import { resumeSession } from "./support/session";

// The Serving tab of a feature view: the demo replays half an hour of fraud_model traffic through the serving code
// and logs a quarter of its vectors, so the tab has charts and logged vectors on first start. Then a real feature
// server (server/serving/main.ts, against the stack's database and online store) answers requests made with a new
// API key, and its flushed minutes show up in the tab's totals. The Auditor sees the charts, never the values.

const SERVING = "/projects/fraud_detection/feature-views/fraud_model/1?tab=serving";
test.setTimeout(180_000);

const requestsTotal = async (page: Page) => {
  const text = await page.getByRole("definition").first().textContent();
  return Number((text ?? "0").replaceAll(/[^\d]/g, ""));
};

/** The standalone feature server on a free port, flushing every second; resolves its base URL. */
const startFeatureServer = (): Promise<{ child: ChildProcess; base: string }> => {
  const stack = JSON.parse(
    readFileSync(path.join(os.tmpdir(), `larder-e2e-env-${process.env.E2E_PORT ?? 3210}.json`), "utf8"),
  ) as { DATABASE_URL: string; LARDER_DATA_DIR: string };
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "server/serving/main.ts"], {
    env: { ...process.env, ...stack, LARDER_SERVING_PORT: "0", LARDER_SERVING_FLUSH_SECONDS: "1" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const port = /listening on :(\d+)/.exec(output)?.[1];
      if (port) resolve({ child, base: `http://127.0.0.1:${port}` });
    });
    child.once("exit", (code) => reject(new Error(`feature server exited (${code}): ${output}`)));
  });
};

test("the Serving tab charts the demo's traffic and a real feature server's requests", async ({ page }) => {
  await resumeSession(page, "owner@larder.local");
  await page.goto(SERVING);
  await expect(page.getByRole("tab", { name: "Serving" })).toHaveAttribute("aria-selected", "true");
  const requests = page.getByRole("figure", { name: "Requests and vectors per minute" });
  await expect(requests.locator(".recharts-line-curve").first()).toBeVisible();
  await expect(
    page.getByRole("figure", { name: "Latency per minute (ms)" }).locator(".recharts-line-curve").first(),
  ).toBeVisible();
  await expect(page.getByRole("figure", { name: "Missing rate per feature group" })).toContainText("transactions v1");
  await expect(page.getByText(/Logging 25% of served vectors/)).toBeVisible();
  await expect(page.getByRole("table", { name: "Most recent logged vectors" })).toBeVisible();
  await expectAccessible(page, "serving tab");
  await page.screenshot({ path: "test-results/screenshots/serving.png", fullPage: true });
  const before = await requestsTotal(page);
  expect(before).toBeGreaterThan(100);

  // A real feature server answers 12 requests; its flush (every second here) adds them to the current minute.
  const created = await page.request.post("/api/v1/projects/fraud_detection/api-keys", {
    headers: { "x-larder-csrf": "1" },
    data: { name: "serving e2e", scopes: ["featureData:read"] },
  });
  expect(created.status()).toBe(201);
  const { secret } = (await created.json()) as { secret: string };
  const { child, base } = await startFeatureServer();
  try {
    for (let index = 0; index < 12; index += 1) {
      const response = await fetch(`${base}/v1/projects/fraud_detection/feature-views/fraud_model/1/vector`, {
        method: "POST",
        headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
        body: JSON.stringify({ entities: { transaction_id: 1 + index } }),
      });
      expect(response.status).toBe(200);
    }
    await expect(async () => {
      await page.reload();
      expect(await requestsTotal(page)).toBeGreaterThanOrEqual(before + 12);
    }).toPass({ timeout: 30_000, intervals: [1_000, 2_000] });
  } finally {
    child.kill("SIGTERM");
  }

  // Logging is set in the console: a bad share is refused by field, a good one is saved.
  const share = page.getByLabel("Log this share of served vectors (%)");
  await share.fill("150");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "rate" })).toBeVisible();
  await share.fill("25");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText(/Saved: the feature server applies it/)).toBeVisible();
});

test("the Auditor sees the serving charts but no logged values", async ({ page }) => {
  await resumeSession(page, "auditor@larder.local");
  await page.goto(SERVING);
  await expect(
    page.getByRole("figure", { name: "Requests and vectors per minute" }).locator(".recharts-line-curve").first(),
  ).toBeVisible();
  await expect(page.getByText("Values are hidden: your role may not read feature values.")).toBeVisible();
  await expect(page.getByRole("table", { name: "Most recent logged vectors" })).toHaveCount(0);
  await expect(page.getByLabel("Log this share of served vectors (%)")).toHaveCount(0);
});
