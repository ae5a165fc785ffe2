import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3210);

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  // Two at a time: `npm start` (start.spec.ts, its own stack on its own ports) runs beside the console specs, which
  // share the one seeded stack below and so run one after another (each project's own `workers: 1`).
  workers: 2,
  // No retries: a test that passes only on its second try is flaky, and a retry would hide it (issue 13).
  retries: 0,
  reporter: [["list"], ["json", { outputFile: "test-results/playwright.json" }]],
  outputDir: "test-results/playwright",
  use: {
    baseURL: `http://localhost:${PORT}`,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [
    {
      name: "chromium",
      testIgnore: "start.spec.ts",
      workers: 1,
      use: { ...devices["Desktop Chrome"], viewport: { width: 1400, height: 900 } },
    },
    { name: "npm-start", testMatch: "start.spec.ts", workers: 1 },
  ],
  webServer: {
    // A fresh database on the machine's PostgreSQL, the demo seed, the built console and the worker.
    command: `node --conditions=react-server --import tsx e2e/support/server.ts`,
    url: `http://localhost:${PORT}/signin`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: { E2E_PORT: String(PORT) },
  },
});
