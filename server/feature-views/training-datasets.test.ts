import { existsSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as viewsRoute from "@/app/api/v1/projects/[project]/feature-views/route";
import * as viewRoute from "@/app/api/v1/projects/[project]/feature-views/[name]/[version]/route";
import * as datasetsRoute from "@/app/api/v1/projects/[project]/feature-views/[name]/[version]/training-datasets/route";
import * as batchRoute from "@/app/api/v1/projects/[project]/feature-views/[name]/[version]/batch-data/route";
import * as datasetRoute from "@/app/api/v1/projects/[project]/training-datasets/[name]/[version]/route";
import * as recreateRoute from "@/app/api/v1/projects/[project]/training-datasets/[name]/[version]/recreate/route";
import * as uploadsRoute from "@/app/api/v1/projects/[project]/uploads/route";
import { db } from "@/server/db/client";
import { getDataDir } from "@/server/env";
import { callRoute, sessionCookie, waitForJobEnd } from "@/test/helpers";

import { FRAUD_VIEW, csvRows, downloadSplit, iso, setUpFraudProject } from "@/test/fixtures/fraud-project";
import { commitRows, useTestWorker, type TTestProject, type TTestUser } from "@/test/fixtures/test-project";
import { createFeatureView } from "@/server/feature-views";
import { queryJsonRows, quoteLiteral, withDuckDb } from "@/server/offline";

// Training datasets end to end over the fraud view: the training job through the real worker, point-in-time values
// in the downloaded files, splits, fitted transformations, re-creation after new commits, spines from uploads, batch
// data with the dataset's statistics, deletion rules, and nothing written on bad input.

let owner: TTestUser;
let auditor: TTestUser;
let project: TTestProject;
beforeAll(async () => {
  let ctx: Awaited<ReturnType<typeof setUpFraudProject>>["ctx"];
  let access: Awaited<ReturnType<typeof setUpFraudProject>>["access"];
  ({ owner, auditor, project, ctx, access } = await setUpFraudProject());
  await createFeatureView({ ctx, access, input: FRAUD_VIEW });
});
useTestWorker(["training-dataset"]);

const post = (handler: typeof viewsRoute.POST, params: Record<string, string>, body: unknown, userId = owner.id) =>
  callRoute(handler, { project: project.name, ...params }, { userId, method: "POST", body });
/** Writes rows straight to a group's Delta table (one commit), as a late-arriving commit. */
const commit = (name: string, values: string, columns: string) => commitRows(project.id, name, values, columns);
const download = (name: string, version: number, split: string, userId = owner.id, format?: string) =>
  downloadSplit(project, { name, version, split, userId, format });

describe("training datasets", () => {
  it("materializes point-in-time-correct splits with transformations fitted on train, and re-creates them exactly", async () => {
    const created = await post(
      datasetsRoute.POST,
      { name: "fraud", version: "1" },
      {
        spine: { type: "timeRange", start: iso(1), end: iso(21) },
        split: { type: "random", train: 0.7, test: 0.3, seed: 7 },
        format: "csv",
      },
    );
    expect(created.status, JSON.stringify(created.json)).toBe(202);
    expect((await waitForJobEnd(created.json.job.id)).status).toBe("SUCCEEDED");
    const dataset = (
      await callRoute(datasetRoute.GET, { project: project.name, name: "fraud", version: "1" }, { userId: owner.id })
    ).json;
    expect(dataset.status).toBe("READY");
    expect(dataset.splits.map((s: { name: string }) => s.name)).toEqual(["train", "test"]);
    expect(dataset.rowCount).toBe(20);
    expect(
      dataset.sourceCommits.map((c: { featureGroup: { name: string }; deltaVersion: number }) => [
        c.featureGroup.name,
        c.deltaVersion,
      ]),
    ).toEqual([
      ["transactions", 1],
      ["cards", 1],
      ["banks", 1],
    ]);
    const train = csvRows((await download("fraud", 1, "train")).text);
    const test = csvRows((await download("fraud", 1, "test")).text);
    expect(train.length + test.length).toBe(20);
    // min/max fitted on train only: train's scaled amounts span exactly [0, 1].
    const scaled = train.map((r) => Number(r.amount));
    expect(Math.min(...scaled)).toBe(0);
    expect(Math.max(...scaled)).toBe(1);
    const byId = new Map([...train, ...test].map((row) => [row.transaction_id, row]));
    // Card 1 (transactions 1, 4, 7, 10, …): limit 1000 before day 10, 2000 from day 10 on (equal time counts).
    expect(byId.get("7")!.credit_limit).toBe("1000.0");
    expect(byId.get("10")!.credit_limit).toBe("2000.0");
    // Snowflake: bank b2 exists from day 15 only, as of the label time.
    expect(byId.get("13")!.bank_risk).toBe("");
    expect(byId.get("16")!.bank_risk).toBe("0.9");
    // TTL 10 days: card 2's day-0 profile serves transaction 2 (day 2), not transaction 11 (day 11).
    expect(byId.get("2")!.credit_limit).toBe("500.0");
    expect(byId.get("11")!.credit_limit).toBe("");
    // Card 3 has no profile.
    expect(byId.get("3")!.credit_limit).toBe("");
    expect(Number(byId.get("7")!.amount_to_limit)).toBeCloseTo(70 / 1000);
    // One-hot: one 0/1 column per category of the train split, in place of `category`; exactly the row's own is 1.
    const vocabulary = ["food", "tech", "travel"];
    expect(dataset.transformationStatistics.category.vocabulary).toEqual(vocabulary);
    const header = (await download("fraud", 1, "train")).text.split("\n")[0].split(",");
    expect(header.filter((column) => column.startsWith("category"))).toEqual(vocabulary.map((v) => `category_${v}`));
    expect(byId.size).toBe(20);
    for (const [id, row] of byId) {
      const category = ["food", "travel", "tech"][(Number(id) - 1) % 3];
      expect(vocabulary.map((v) => row[`category_${v}`])).toEqual(vocabulary.map((v) => (v === category ? "1" : "0")));
    }

    // A late-arriving commit: card 2 gets a day-5 profile now. The pinned dataset does not see it.
    await commit("cards", `(2, 9999.0, 'b1', TIMESTAMPTZ '${iso(5)}')`, "card_id, credit_limit, bank_id, updated_at");
    const recreated = await post(recreateRoute.POST, { name: "fraud", version: "1" }, undefined);
    expect(recreated.status, JSON.stringify(recreated.json)).toBe(202);
    expect((await waitForJobEnd(recreated.json.job.id)).status).toBe("SUCCEEDED");
    expect(recreated.json.trainingDataset).toMatchObject({ version: 2, recreatedFrom: { name: "fraud", version: 1 } });
    expect((await download("fraud", 2, "train")).text).toBe((await download("fraud", 1, "train")).text);
    expect((await download("fraud", 2, "test")).text).toBe((await download("fraud", 1, "test")).text);
    // A new dataset sees the new commit.
    const fresh = await post(
      datasetsRoute.POST,
      { name: "fraud", version: "1" },
      {
        name: "fraud_fresh",
        split: { type: "time", train: { start: iso(0), end: iso(15) }, test: { start: iso(15), end: iso(30) } },
        format: "csv",
      },
    );
    expect((await waitForJobEnd(fresh.json.job.id)).status).toBe("SUCCEEDED");
    const freshTrain = csvRows((await download("fraud_fresh", 1, "train")).text);
    expect(freshTrain.length).toBe(14);
    expect(freshTrain.find((r) => r.transaction_id === "11")!.credit_limit).toBe("9999.0");
    expect(csvRows((await download("fraud_fresh", 1, "test")).text).length).toBe(6);
    // Parquet on demand, and the download is audited as a feature-data read; Auditors may not download.
    const asParquet = await download("fraud", 1, "train", owner.id, "parquet");
    expect(asParquet.status).toBe(200);
    // The Parquet file holds the CSV's rows and values (timestamps aside, whose text forms differ).
    const parquetFile = path.join(getDataDir(), `download-${project.id}.parquet`);
    writeFileSync(parquetFile, asParquet.bytes);
    const fromParquet = await withDuckDb({}, (connection) =>
      queryJsonRows(connection, `SELECT * FROM read_parquet(${quoteLiteral(parquetFile)}) ORDER BY transaction_id`),
    );
    rmSync(parquetFile);
    const plain = (value: unknown) => {
      if (value === null || value === "") return null;
      if (typeof value === "boolean") return String(value);
      return Number.isNaN(Number(value)) ? String(value) : Number(value);
    };
    const comparable = (row: Record<string, unknown>) =>
      Object.entries(row)
        .filter(([column]) => column !== "event_time")
        .map(([column, value]) => [column, plain(value)]);
    const trainById = [...train].sort((a, b) => Number(a.transaction_id) - Number(b.transaction_id));
    expect(fromParquet).toHaveLength(train.length);
    expect(fromParquet.map(comparable)).toEqual(trainById.map(comparable));
    expect(
      await db.auditEvent.count({
        where: { projectId: project.id, action: "featureData.read", resourceType: "trainingDataset" },
      }),
    ).toBeGreaterThanOrEqual(5);
    expect((await download("fraud", 1, "train", auditor.id)).status).toBe(403);
  });

  it("takes a spine from an uploaded file, and refuses bad spines, empty ranges and bad splits with 422 writing nothing", async () => {
    const uploadSpine = async (fileName: string, content: string) => {
      const request = new Request(`http://localhost/api/v1/projects/${project.name}/uploads?fileName=${fileName}`, {
        method: "POST",
        headers: {
          cookie: await sessionCookie(owner.id),
          "x-larder-csrf": "1",
          "content-type": "application/octet-stream",
        },
        body: content,
      });
      return (await (await uploadsRoute.POST(request, { params: Promise.resolve({ project: project.name }) })).json())
        .id as string;
    };
    const before = await db.trainingDataset.count({ where: { projectId: project.id } });
    const noKey = await uploadSpine("nokey.csv", `id,at\n7,${iso(8)}\n`);
    const noTime = await uploadSpine("notime.csv", `transaction_id,when\n7,${iso(8)}\n`);
    const cases: [unknown, string, RegExp][] = [
      [
        { name: "s1", spine: { type: "upload", uploadId: noKey, eventTime: "at" } },
        "spine",
        /serving key column\(s\) 'transaction_id'/,
      ],
      [
        { name: "s2", spine: { type: "upload", uploadId: noTime, eventTime: "at" } },
        "spine.eventTime",
        /no event-time column 'at'/,
      ],
      [{ name: "s3", spine: { type: "timeRange", start: iso(100), end: iso(200) } }, "spine", /no rows/],
      [{ name: "s4", split: { type: "random", train: 0.8, test: 0.3 } }, "split", /add up to 1/],
      [
        { name: "s5", spine: { type: "upload", uploadId: "upl_missing", eventTime: "at" } },
        "spine.uploadId",
        /not found/,
      ],
    ];
    for (const [body, errorPath, message] of cases) {
      const response = await post(datasetsRoute.POST, { name: "fraud", version: "1" }, body);
      expect(response.status, JSON.stringify(response.json)).toBe(422);
      const issue = response.json.errors.find((e: { path: string }) => e.path === errorPath);
      expect(issue, JSON.stringify(response.json.errors)).toBeDefined();
      expect(issue.message).toMatch(message);
    }
    expect(await db.trainingDataset.count({ where: { projectId: project.id } })).toBe(before);
    expect(existsSync(path.join(getDataDir(), "projects", project.id, "training", "fraud_v1", "s1_v1"))).toBe(false);

    // A good spine: duplicate rows stay, file order is kept, features as of each spine time.
    const spine = await uploadSpine(
      "spine.csv",
      `transaction_id,at\n10,${iso(9)}\n10,${iso(12)}\n10,${iso(9)}\n99,${iso(9)}\n10,${iso(30)}\n`,
    );
    const created = await post(
      datasetsRoute.POST,
      { name: "fraud", version: "1" },
      { name: "spined", spine: { type: "upload", uploadId: spine, eventTime: "at" }, format: "csv" },
    );
    expect(created.status, JSON.stringify(created.json)).toBe(202);
    expect((await waitForJobEnd(created.json.job.id)).status).toBe("SUCCEEDED");
    const rows = csvRows((await download("spined", 1, "all")).text);
    // Day 9: transaction 10 (day 10) is in the future. Day 12: it and card 1's day-10 profile. Day 30: the
    // transaction still, but the card profile is older than the 10-day TTL.
    expect(rows.map((r) => [r.transaction_id, r.amount_to_limit, r.credit_limit])).toEqual([
      ["10", "", ""],
      ["10", "0.05", "2000.0"],
      ["10", "", ""],
      ["99", "", ""],
      ["10", "", ""],
    ]);
    expect(rows[4].event_time).not.toBe("");
  });

  it("serves batch data for entities with the dataset's statistics, and guards deletion", async () => {
    const batch = await post(
      batchRoute.POST,
      { name: "fraud", version: "1" },
      {
        entities: [{ transaction_id: 10 }, { transaction_id: 3 }],
        asOf: iso(12),
        trainingDataset: { name: "fraud", version: 1 },
      },
    );
    expect(batch.status, JSON.stringify(batch.json)).toBe(200);
    expect(
      batch.json.rows.map((r: { transaction_id: string; credit_limit: number | null }) => [
        r.transaction_id,
        r.credit_limit,
      ]),
    ).toEqual([
      ["10", 2000],
      ["3", null],
    ]);
    const missing = await post(batchRoute.POST, { name: "fraud", version: "1" }, { entities: [{ card_id: 1 }] });
    expect(missing.status).toBe(422);
    expect(missing.json.errors[0].path).toBe("entities.0.transaction_id");
    const refused = await callRoute(
      viewRoute.DELETE,
      { project: project.name, name: "fraud", version: "1" },
      { userId: owner.id, method: "DELETE" },
    );
    expect(refused.status).toBe(409);
    const dir = path.join(getDataDir(), "projects", project.id, "training", "fraud_v1");
    expect(existsSync(path.join(dir, "fraud_v1", "train.csv"))).toBe(true);
    const forced = await callRoute(
      viewRoute.DELETE,
      { project: project.name, name: "fraud", version: "1" },
      { userId: owner.id, method: "DELETE", query: { force: "true" } },
    );
    expect(forced.status).toBe(204);
    // Forced by the Owner, the datasets stay with their files, marked broken (server/lineage/forced-view-delete.test.ts).
    expect(existsSync(path.join(dir, "fraud_v1", "train.csv"))).toBe(true);
    expect(
      await db.trainingDataset.count({
        where: { projectId: project.id, featureViewName: "fraud", featureViewId: null },
      }),
    ).toBeGreaterThan(0);
  });
});
