import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as datasetsRoute from "@/app/api/v1/projects/[project]/feature-views/[name]/[version]/training-datasets/route";
import * as splitRoute from "@/app/api/v1/projects/[project]/training-datasets/[name]/[version]/splits/[split]/route";
import { db } from "@/server/db/client";
import { createFeatureView } from "@/server/feature-views";
import { queryJsonRows, quoteLiteral, withDuckDb } from "@/server/offline";
import { createFeatureGroup } from "@/server/registry/feature-groups";
import { callRoute, sessionCookie, waitForJobEnd } from "@/test/helpers";
import { commitRows, featureList, postUpload, useOwnedProject } from "@/test/fixtures/test-project";

// Training datasets from an uploaded spine (CSV and Parquet, through the training job): every spine column is
// kept — serving key, event time under its own name, labels and extra columns the spine carries — in the spine's
// column order before the view's features, rows in spine order within each split; a spine column named like a
// feature or label of the view is a 422 naming it, and nothing is written.

const fx = useOwnedProject({ workerTypes: ["training-dataset"] });
let scratch: string;

const DAY = 86_400_000;
const T0 = Date.parse("2026-01-01T00:00:00Z");
const iso = (days: number) => new Date(T0 + days * DAY).toISOString();

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), "larder-spine-test-"));
  const { project, ctx, access } = fx;
  await createFeatureGroup({
    ctx,
    access,
    input: {
      name: "cards",
      primaryKey: ["card_id"],
      eventTime: "updated_at",
      features: featureList({
        card_id: "bigint",
        credit_limit: "double",
        is_blocked: "boolean",
        updated_at: "timestamp",
      }),
    },
  });
  // Card 1: limit 100 from day 0, 200 from day 10. Card 2: 50 from day 0 (blocked from day 5).
  await commitRows(
    project.id,
    "cards",
    `(1, 100.0, false, TIMESTAMPTZ '${iso(0)}'), (1, 200.0, false, TIMESTAMPTZ '${iso(10)}'), (2, 50.0, false, TIMESTAMPTZ '${iso(0)}'), (2, 50.0, true, TIMESTAMPTZ '${iso(5)}')`,
    "card_id, credit_limit, is_blocked, updated_at",
  );
  await createFeatureView({
    ctx,
    access,
    input: { name: "card_risk", root: { featureGroup: { name: "cards", version: 1 } }, labels: ["is_blocked"] },
  });
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

const upload = async (fileName: string, body: Buffer | string) => {
  const response = await postUpload(fx.project, fx.owner.id, fileName, body);
  expect(response.status).toBe(201);
  return (response.json as { id: string }).id;
};
const createDataset = (body: Record<string, unknown>) =>
  callRoute(
    datasetsRoute.POST,
    { project: fx.project.name, name: "card_risk", version: "1" },
    { userId: fx.owner.id, method: "POST", body },
  );
const build = async (body: Record<string, unknown>) => {
  const created = await createDataset(body);
  expect(created.status, JSON.stringify(created.json)).toBe(202);
  const job = await waitForJobEnd(created.json.job.id);
  expect(job.status, job.error ?? "").toBe("SUCCEEDED");
};
/** A split's downloaded file, read back with DuckDB: column names and types, and rows. */
const readSplit = async (name: string, split: string, format: "csv" | "parquet") => {
  const response = await splitRoute.GET(
    new Request("http://localhost/x", { headers: { cookie: await sessionCookie(fx.owner.id) } }),
    { params: Promise.resolve({ project: fx.project.name, name, version: "1", split }) },
  );
  expect(response.status).toBe(200);
  const file = path.join(scratch, `${name}_${split}.${format}`);
  await writeFile(file, Buffer.from(await response.arrayBuffer()));
  const relation =
    format === "parquet" ? `read_parquet(${quoteLiteral(file)})` : `read_csv(${quoteLiteral(file)}, header = true)`;
  return withDuckDb(undefined, async (connection) => ({
    columns: (await queryJsonRows(connection, `DESCRIBE SELECT * FROM ${relation}`)).map((row) => [
      String(row.column_name),
      String(row.column_type),
    ]),
    rows: await queryJsonRows(connection, `SELECT * FROM ${relation}`),
    text: format === "csv" ? await readFile(file, "utf8") : "",
  }));
};

describe("training datasets from an uploaded spine", () => {
  it("keep every spine column of a CSV spine, in its order before the features, rows in spine order per split", async () => {
    // The serving key sits between extra columns; the spine's own label and weight come along; 12 rows, unordered
    // times, a duplicate row and a card without a profile.
    const lines = Array.from({ length: 12 }, (_, i) => {
      const card = i === 7 ? 9 : (i % 2) + 1;
      const day = [3, 12, 8, 1, 11, 6, 9, 2, 15, 4, 7, 3][i];
      return `${i},${iso(day)},${card},${i % 3 === 0},${(i * 0.25).toFixed(2)},note ${i}`;
    });
    lines.push(lines[4].replace(/^4,/, "12,"));
    const spine = await upload("spine.csv", `row_no,seen_at,card_id,churned,weight,note\n${lines.join("\n")}\n`);
    await build({
      name: "from_csv",
      spine: { type: "upload", uploadId: spine, eventTime: "seen_at" },
      split: { type: "random", train: 0.6, test: 0.4, seed: 3 },
      format: "csv",
    });
    const splits = await Promise.all(["train", "test"].map((split) => readSplit("from_csv", split, "csv")));
    for (const { text, rows } of splits) {
      expect(text.split("\n")[0]).toBe("row_no,seen_at,card_id,churned,weight,note,credit_limit,is_blocked,updated_at");
      // Spine order within the split (row 12 repeats row 4's values at the end).
      const order = rows.map((row) => Number(row.row_no));
      expect(order).toEqual([...order].sort((a, b) => a - b));
      expect(rows.length).toBeGreaterThan(0);
    }
    const all = splits.flatMap((split) => split.rows);
    expect(all.map((row) => Number(row.row_no)).sort((a, b) => a - b)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
    ]);
    const byRow = new Map(all.map((row) => [Number(row.row_no), row]));
    // Spine values untouched; features as of the spine's own time (card 1: 100 before day 10, 200 from day 10).
    expect(byRow.get(1)).toMatchObject({
      card_id: "2",
      churned: false,
      weight: 0.25,
      note: "note 1",
      credit_limit: 50,
    });
    expect(byRow.get(1)!.is_blocked).toBe(true);
    expect(byRow.get(2)).toMatchObject({ card_id: "1", credit_limit: 100, note: "note 2" });
    expect(byRow.get(4)).toMatchObject({ card_id: "1", credit_limit: 200 });
    expect(byRow.get(7)).toMatchObject({ card_id: "9", credit_limit: null, note: "note 7" });
    expect(Date.parse(String(byRow.get(8)!.seen_at).replace(" ", "T").replace("+00", "Z"))).toBe(T0 + 15 * DAY);
    expect(Date.parse(String(byRow.get(8)!.updated_at).replace(" ", "T").replace("+00", "Z"))).toBe(T0 + 10 * DAY);
    expect(byRow.get(12)).toMatchObject({ card_id: "1", credit_limit: 200, note: "note 4" });
  });

  it("keep a Parquet spine's columns with their types", async () => {
    const file = path.join(scratch, "spine.parquet");
    await withDuckDb(undefined, (connection) =>
      connection.run(
        `COPY (SELECT * FROM (VALUES (DATE '2026-02-01', 2, TIMESTAMPTZ '${iso(6)}', 1.5::FLOAT, 'b'), (DATE '2026-02-02', 1, TIMESTAMPTZ '${iso(11)}', NULL, 'a'), (DATE '2026-02-03', 1, TIMESTAMPTZ '${iso(2)}', 2.5::FLOAT, 'c')) v(batch_day, card_id, label_time, target, tag)) TO ${quoteLiteral(file)} (FORMAT parquet)`,
      ),
    );
    const spine = await upload("spine.parquet", await readFile(file));
    await build({ name: "from_parquet", spine: { type: "upload", uploadId: spine, eventTime: "label_time" } });
    const { columns, rows } = await readSplit("from_parquet", "all", "parquet");
    expect(columns).toEqual([
      ["batch_day", "DATE"],
      ["card_id", "BIGINT"],
      ["label_time", "TIMESTAMP WITH TIME ZONE"],
      ["target", "FLOAT"],
      ["tag", "VARCHAR"],
      ["credit_limit", "DOUBLE"],
      ["is_blocked", "BOOLEAN"],
      ["updated_at", "TIMESTAMP WITH TIME ZONE"],
    ]);
    expect(rows.map((row) => [row.tag, row.target, row.credit_limit, row.is_blocked])).toEqual([
      ["b", 1.5, 50, true],
      ["a", null, 200, false],
      ["c", 2.5, 100, false],
    ]);
  });

  it("refuse a spine column named like a feature or label with a 422 naming it, writing nothing", async () => {
    const before = await db.trainingDataset.count({ where: { projectId: fx.project.id } });
    const jobsBefore = await db.job.count({ where: { projectId: fx.project.id } });
    const cases: [string, RegExp][] = [
      ["card_id,at,credit_limit", /'credit_limit' has the name of the view's feature 'credit_limit'/],
      ["card_id,at,IS_BLOCKED", /'IS_BLOCKED' has the name of the view's label 'is_blocked'/],
      ["card_id,at,Updated_At", /'Updated_At' has the name of the view's feature 'updated_at'/],
      ["card_id,at,rowid", /'rowid' has a reserved name/],
    ];
    for (const [header, message] of cases) {
      const spine = await upload("bad.csv", `${header}\n1,${iso(3)},5\n`);
      const response = await createDataset({
        name: "refused",
        spine: { type: "upload", uploadId: spine, eventTime: "at" },
      });
      expect(response.status, JSON.stringify(response.json)).toBe(422);
      expect(response.json.errors).toEqual([
        expect.objectContaining({ path: "spine", message: expect.stringMatching(message) }),
      ]);
    }
    expect(await db.trainingDataset.count({ where: { projectId: fx.project.id } })).toBe(before);
    expect(await db.job.count({ where: { projectId: fx.project.id } })).toBe(jobsBefore);
  });
});
