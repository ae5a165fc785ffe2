import { chromium } from "playwright";
const base = "http://localhost:3500";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"] });
const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
const errors = [];
page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
page.on("pageerror", (e) => errors.push(String(e)));
await page.goto(base + "/signin");
await page.getByLabel("Email").fill("owner@larder.local");
await page.getByLabel("Password").fill("larder-demo");
await page.getByRole("button", { name: "Sign in" }).click();
await page.waitForURL((url) => !url.pathname.startsWith("/signin"));
const P = base + "/projects/fraud_detection";
const step = process.argv[2] ?? "all";
const shot = async (name) => { await page.waitForTimeout(800); await page.screenshot({ path: `/tmp/ui4-shots/${name}.png`, fullPage: true }); console.log("shot", name); };
if (step === "all" || step === "list") {
  await page.goto(P + "/feature-views"); await page.getByRole("table").waitFor(); await shot("01-list");
  await page.goto(P + "/feature-views/fraud_model/1"); await page.getByRole("heading", { name: "Joins" }).waitFor(); await page.locator(".react-flow__node").first().waitFor(); await shot("02-detail");
  await page.getByRole("button", { name: "Create training dataset" }).first().click(); await page.getByRole("dialog").waitFor();
  await page.getByLabel("Random").check().catch(() => page.getByText("Random", { exact: true }).click());
  await page.screenshot({ path: "/tmp/ui4-shots/03-dialog.png" }); console.log("shot dialog");
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await page.waitForURL(/training-datasets\//, { timeout: 15000 });
  await shot("04-dataset-running");
  await page.getByText("Ready", { exact: true }).first().waitFor({ timeout: 60000 }).catch(() => console.log("not ready"));
  await shot("05-dataset-ready");
  await page.goto(P + "/training-datasets"); await page.getByRole("table").waitFor(); await shot("06-td-list");
}
if (step === "all" || step === "builder") {
  await page.goto(P + "/feature-views/new"); await page.waitForTimeout(3000); await shot("07a-builder-empty"); await page.getByLabel("Root feature group").waitFor({ timeout: 5000 });
  await page.getByLabel("Root feature group").selectOption({ label: "transactions v1" });
  await page.getByRole("button", { name: "Add join" }).click();
  await page.getByLabel("Prefix (optional)").fill("card_");
  await page.getByRole("button", { name: "Add filter" }).click();
  await page.getByRole("button", { name: "Add on-demand feature" }).click();
  await page.getByLabel("Name").nth(1).fill("amount_x2");
  await page.getByLabel("Expression").fill("amount * ");
  await shot("07-builder");
  await page.getByRole("button", { name: "Create feature view" }).click();
  await page.waitForTimeout(1500);
  await shot("08-builder-errors");
}
console.log("errors:", errors.join("\n"));
await browser.close();
