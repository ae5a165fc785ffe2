import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect as baseExpect, test, type Page } from "@playwright/test";
import pg from "pg";
import { resumeSession } from "./support/session";

// Issue 13's console defects, one test each: what a user sees in the builder, the new feature group form, an
// upload, the Data tab, the try-it panel, job pages and the online-sync warning. Each fails on the old console.

const OWNER = "owner@larder.local";
const PROJECT = "/projects/fraud_detection";
const API = "/api/v1/projects/fraud_detection";
const SHOTS = "test-results/screenshots";
// Other engineers' builds and tests share this machine's two cores: pages can take tens of seconds to load.
const expect = baseExpect.configure({ timeout: 60_000 });
test.describe.configure({ timeout: 240_000 });
const unique = (prefix: string) => `${prefix}_${Date.now().toString(36)}`;

const post = async (page: Page, url: string, data: unknown) => {
  const response = await page.request.post(url, { data, headers: { "x-larder-csrf": "1" } });
  expect(response.status(), await response.text()).toBeLessThan(300);
  return response.json();
};

const createGroup = (page: Page, name: string) =>
  post(page, `${API}/feature-groups`, {
    name,
    primaryKey: ["card_id"],
    features: [
      { name: "card_id", type: "bigint" },
      { name: "score", type: "double" },
    ],
  });

test.beforeEach(async ({ page }) => {
  await resumeSession(page, OWNER);
});

test("a join's alias follows its feature group until edited, into the saved view", async ({ page }) => {
  const name = unique("alias_follows");
  await page.goto(`${PROJECT}/feature-views/new`);
  await page.getByLabel("Name").first().fill(name);
  await page.getByLabel("Root feature group").selectOption("transactions@1");
  await page.getByRole("button", { name: "Add join" }).click();
  const join = page.locator('[aria-label^="Join 1"]').first();
  await join.getByLabel("Feature group").selectOption("card_profiles@1");
  await join.getByLabel("Feature group").selectOption("merchant_aggregates@1");
  await expect(join.getByLabel("Alias")).toHaveValue("merchant_aggregates");
  await expect(page.locator('[aria-label="Join 1: merchant_aggregates"]')).toBeVisible();
  await expect(page.getByLabel("Right key 1 of join 1")).toContainText("merchant_aggregates.merchant_id");
  const preview = page.locator('[aria-labelledby="preview-title"]');
  await expect(preview).toContainText("merchant_aggregates");
  await expect(preview).not.toContainText("card_profiles");
  await page.screenshot({ path: `${SHOTS}/defect-join-alias.png`, fullPage: true });
  // Both groups have a `category`: a prefix keeps the output names apart.
  await join.getByLabel("Prefix (optional)").fill("m_");
  await page.getByRole("button", { name: "Create feature view" }).click();
  await expect(page).toHaveURL(new RegExp(`/feature-views/${name}/1`));
  const saved = await (await page.request.get(`${API}/feature-views/${name}/1`)).json();
  expect(saved.joins.map((j: { alias: string }) => j.alias)).toEqual(["merchant_aggregates"]);

  // An alias the user typed stays when the group changes.
  await page.goto(`${PROJECT}/feature-views/new`);
  await page.getByLabel("Root feature group").selectOption("transactions@1");
  await page.getByRole("button", { name: "Add join" }).click();
  await join.getByLabel("Alias").fill("cards");
  await join.getByLabel("Feature group").selectOption("merchant_aggregates@1");
  await expect(join.getByLabel("Alias")).toHaveValue("cards");
});

test("a new feature group's Event time and Partition key stay None while the first feature is named", async ({
  page,
}) => {
  await page.goto(`${PROJECT}/feature-groups/new`);
  await page.getByLabel("Name of feature 1").pressSequentially("event_day");
  await expect(page.getByLabel("Event time")).toHaveValue("");
  await expect(page.getByLabel("Partition key (optional)")).toHaveValue("");
  await page.screenshot({ path: `${SHOTS}/defect-new-group-keys.png`, fullPage: true });
});

test("creating a group whose name exists, Version empty, asks before making the next version", async ({ page }) => {
  const name = unique("asks_version");
  await createGroup(page, name);
  await page.goto(`${PROJECT}/feature-groups/new`);
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Name of feature 1").fill("card_id");
  await page.getByRole("checkbox", { name: "card_id" }).check();
  await page.getByRole("button", { name: "Create feature group" }).click();
  await expect(page.getByText(`${name} exists — create version 2?`)).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/defect-next-version.png`, fullPage: true });
  // Nothing was created while the question is open.
  expect((await page.request.get(`${API}/feature-groups/${name}/2`)).status()).toBe(404);
  await expect(page).toHaveURL(/\/feature-groups\/new/);
  await page.getByRole("button", { name: "Create version 2" }).click();
  await expect(page).toHaveURL(new RegExp(`/feature-groups/${name}/2`));
});

test("an upload error is said once", async ({ page }) => {
  await page.goto(`${PROJECT}/feature-groups/new`);
  await page.getByLabel("Upload a file").setInputFiles({
    name: "binary.csv",
    mimeType: "text/csv",
    buffer: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x01, 0x02, 0x03]),
  });
  const message = page.getByText(/binary\.csv is not a CSV text file/);
  await expect(message).toBeVisible();
  const text = (await message.textContent()) ?? "";
  expect(text.match(/is not a CSV text file/g)).toHaveLength(1);
  await page.screenshot({ path: `${SHOTS}/defect-upload-error.png`, fullPage: true });
});

test("the Data tab filters by key, sorts, counts rows as of the commit viewed and shows ids raw", async ({ page }) => {
  await page.goto(`${PROJECT}/feature-groups/transactions/1?tab=data`);
  // The demo loads transactions in three commits of 20,000 rows.
  await expect(page.getByText("60,000 rows at commit v3")).toBeVisible();
  await page.getByLabel("As of commit").selectOption("1");
  await expect(page.getByText("20,000 rows at commit v1")).toBeVisible();
  await page.getByLabel("As of commit").selectOption("");
  await page.getByLabel("Filter by transaction_id").fill("41234");
  await page.getByRole("button", { name: "Filter", exact: true }).click();
  await expect(page.getByText("1 matching row at commit v3")).toBeVisible();
  const table = page.getByRole("table", { name: /Rows of transactions/ });
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(table.getByRole("cell", { name: "41234", exact: true })).toBeVisible();
  // card_id and merchant_id are ids, not quantities: no thousands separators.
  const cells = await table.getByRole("cell").allTextContents();
  expect(cells.filter((cell) => /^\d{1,3}(,\d{3})+$/.test(cell))).toEqual([]);
  await page.screenshot({ path: `${SHOTS}/defect-data-filter.png`, fullPage: true });
  await page.getByRole("button", { name: "Clear" }).click();
  await page.getByLabel("Sort by").selectOption("amount");
  await page.getByLabel("Order").selectOption("desc");
  await expect(page.getByText("60,000 rows at commit v3 · first 100 shown")).toBeVisible();
  const amountIndex = (await table.getByRole("columnheader").allTextContents()).findIndex((h) =>
    h.startsWith("amount"),
  );
  await expect(async () => {
    const amounts = await table
      .getByRole("row")
      .locator(`td:nth-child(${amountIndex + 1})`)
      .allTextContents();
    const values = amounts.map((text) => Number(text.replaceAll(",", "")));
    expect(values.length).toBe(100);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(values[0]).toBeGreaterThan(300);
  }).toPass();
  await page.screenshot({ path: `${SHOTS}/defect-data-sort.png`, fullPage: true });
});

test("the try-it curl snippet sends a bigint key as a string, exact beyond 2^53", async ({ page }) => {
  await page.goto(`${PROJECT}/feature-views/fraud_model/1`);
  await page.getByLabel("transaction_id (bigint)").fill("9007199254740993");
  await expect(page.locator("pre").filter({ hasText: "curl" })).toContainText(
    `{"entities":{"transaction_id":"9007199254740993"}}`,
  );
  await page.screenshot({ path: `${SHOTS}/defect-try-it-curl.png`, fullPage: true });
});

test("a training-dataset job links to its dataset", async ({ page }) => {
  const created = await post(page, `${API}/feature-views/fraud_model/1/training-datasets`, {});
  const { name, version } = created.trainingDataset;
  await page.goto(`${PROJECT}/jobs/${created.job.id}`);
  const link = page.getByRole("link", { name: `${name} v${version}` });
  await expect(link).toHaveAttribute("href", `${PROJECT}/training-datasets/${name}/${version}`);
  await page.screenshot({ path: `${SHOTS}/defect-training-job.png`, fullPage: true });
});

test("a failed ingest job shows its failed state, not a progress bar", async ({ page }) => {
  const name = unique("fails_ingest");
  await createGroup(page, name);
  const upload = await page.request.post(`${API}/uploads?fileName=bad.csv`, {
    data: Buffer.from("card_id,score\nnot_a_number,1.5\n"),
    headers: { "content-type": "application/octet-stream", "x-larder-csrf": "1" },
  });
  expect(upload.status(), await upload.text()).toBe(201);
  const { job } = await post(page, `${API}/feature-groups/${name}/1/insert`, { uploadId: (await upload.json()).id });
  await page.goto(`${PROJECT}/jobs/${job.id}`);
  await expect(page.getByText("Failed", { exact: true }).first()).toBeVisible();
  await expect(page.getByLabel("Job progress: failed")).toBeVisible();
  await expect(page.getByRole("progressbar")).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/defect-failed-job.png`, fullPage: true });
  await page.goto(`${PROJECT}/feature-groups/${name}/1?tab=jobs`);
  await expect(page.getByLabel(/^Progress of ingest job .*: failed$/)).toBeVisible();
  await expect(page.getByRole("progressbar")).toHaveCount(0);
});

test("the feature group page warns when the online store is out of sync since a commit", async ({ page }) => {
  const { DATABASE_URL } = JSON.parse(
    readFileSync(path.join(os.tmpdir(), `larder-e2e-env-${process.env.E2E_PORT ?? 3210}.json`), "utf8"),
  );
  const name = unique("lagging");
  await createGroup(page, name);
  const { job } = await post(page, `${API}/feature-groups/${name}/1/insert`, {
    rows: [{ card_id: "9007199254740993", score: 0.5 }],
  });
  await expect
    .poll(async () => (await (await page.request.get(`${API}/jobs/${job.id}`)).json()).status, { timeout: 60_000 })
    .toBe("SUCCEEDED");
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  // What a failed write-through records (server/online/sync-state.ts): the commit that is not online.
  await client.query(`UPDATE "FeatureGroup" SET "onlineOutOfSyncSince" = 1 WHERE "name" = $1`, [name]);
  await client.end();
  await page.goto(`${PROJECT}/feature-groups/${name}/1`);
  const warning = page.getByRole("status").filter({ hasText: "The online store is out of sync since commit v1" });
  await expect(warning).toBeVisible();
  await expect(warning).toContainText(/Writing commit v1 \(committed .+\) to the online store failed/);
  await expect(warning.getByRole("button", { name: "Re-materialize changed keys" })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/defect-online-out-of-sync.png`, fullPage: true });
});
