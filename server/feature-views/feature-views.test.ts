import { existsSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as viewsRoute from "@/app/api/v1/projects/[project]/feature-views/route";
import * as viewRoute from "@/app/api/v1/projects/[project]/feature-views/[name]/[version]/route";
import * as datasetsRoute from "@/app/api/v1/projects/[project]/feature-views/[name]/[version]/training-datasets/route";
import * as batchRoute from "@/app/api/v1/projects/[project]/feature-views/[name]/[version]/batch-data/route";
import * as datasetRoute from "@/app/api/v1/projects/[project]/training-datasets/[name]/[version]/route";
import * as splitRoute from "@/app/api/v1/projects/[project]/training-datasets/[name]/[version]/splits/[split]/route";
import * as recreateRoute from "@/app/api/v1/projects/[project]/training-datasets/[name]/[version]/recreate/route";
import * as uploadsRoute from "@/app/api/v1/projects/[project]/uploads/route";
import { db } from "@/server/db/client";
import { getDataDir } from "@/server/env";
import { startWorker, type TWorker } from "@/server/jobs/worker";
import { WORKER_RUNNERS } from "@/server/jobs/worker-runners";
import { stopBoss } from "@/server/jobs/boss";
import { queryJsonRows, quoteLiteral, withDuckDb, writeCommit } from "@/server/offline";
import { createFeatureGroup } from "@/server/registry/feature-groups";
import type { TCreateFeatureGroup } from "@/lib/api/feature-groups";
import {
  accessFor,
  callRoute,
  createTestProject,
  createTestUser,
  sessionCookie,
  userContext,
  waitForJobEnd,
} from "@/test/helpers";

// Feature views and training datasets end to end: definitions and their 422s, the training job through the
// real worker, point-in-time values in the downloaded files, splits, fitted transformations, re-creation
// after new commits, spines, batch data, deletion rules, and nothing written on bad input.

let worker: TWorker;
let owner: Awaited<ReturnType<typeof createTestUser>>;
let auditor: Awaited<ReturnType<typeof createTestUser>>;
let project: Awaited<ReturnType<typeof createTestProject>>;

const DAY = 86_400_000;
const T0 = Date.parse("2026-01-01T00:00:00Z");
const iso = (days: number) => new Date(T0 + days * DAY).toISOString();

const groupRow = async (name: string) => db.featureGroup.findFirstOrThrow({ where: { projectId: project.id, name } });
/** Writes rows straight to a group's Delta table (one commit) and records the version, as ingest does. */
const commit = async (name: string, values: string, columns: string) => {
  const group = await groupRow(name);
  const written = await writeCommit({
    tablePath: group.tablePath,
    mode: "upsert",
    sourceSql: `SELECT * FROM (VALUES ${values}) v(${columns})`,
  });
  await db.featureGroup.update({ where: { id: group.id }, data: { deltaVersion: written.version } });
};

/** "name type, …" as a feature list. */
const features = (spec: string) =>
  spec.split(", ").map((pair) => {
    const [name, type] = pair.split(" ");
    return { name, type } as TCreateFeatureGroup["features"][number];
  });
/** The feature groups of the test project (their rows are written in beforeAll). */
const GROUP_INPUTS: TCreateFeatureGroup[] = [
  {
    name: "transactions",
    primaryKey: ["transaction_id"],
    eventTime: "event_time",
    features: features(
      "transaction_id bigint, card_id bigint, amount double, category string, is_fraud boolean, event_time timestamp",
    ),
  },
  {
    name: "cards",
    primaryKey: ["card_id"],
    eventTime: "updated_at",
    ttlSeconds: 10 * 86_400,
    features: features("card_id bigint, credit_limit double, bank_id string, updated_at timestamp"),
  },
  {
    name: "banks",
    primaryKey: ["bank_id"],
    eventTime: "as_of",
    features: features("bank_id string, risk double, as_of timestamp"),
  },
  {
    name: "card_strings",
    primaryKey: ["card_id"],
    features: features("card_id string, x double"),
  },
];

const createGroups = async (target: Awaited<ReturnType<typeof createTestProject>>) => {
  for (const input of GROUP_INPUTS)
    await createFeatureGroup({ ctx: userContext(owner), access: accessFor(target, "OWNER"), input });
};

beforeAll(async () => {
  owner = await createTestUser();
  auditor = await createTestUser();
  project = await createTestProject({
    members: [
      { userId: owner.id, role: "OWNER" },
      { userId: auditor.id, role: "AUDITOR" },
    ],
  });
  worker = await startWorker({
    runners: WORKER_RUNNERS,
    types: ["training-dataset"],
    schedules: false,
    superviseIntervalSeconds: 1,
  });
  await createGroups(project);
  // 20 transactions on days 1..20 over cards 1 and 2; card 3 has no profile.
  await commit(
    "transactions",
    Array.from(
      { length: 20 },
      (_, i) =>
        `(${i + 1}, ${(i % 3) + 1}, ${(i + 1) * 10.0}, '${["food", "travel", "tech"][i % 3]}', ${i % 4 === 0}, TIMESTAMPTZ '${iso(i + 1)}')`,
    ).join(", "),
    "transaction_id, card_id, amount, category, is_fraud, event_time",
  );
  // Card 1: limit 1000 from day 0, 2000 from day 10 (exactly at transaction 10's time). Card 2 only day 0 (TTL 10 days).
  await commit(
    "cards",
    `(1, 1000.0, 'b1', TIMESTAMPTZ '${iso(0)}'), (1, 2000.0, 'b2', TIMESTAMPTZ '${iso(10)}'), (2, 500.0, 'b1', TIMESTAMPTZ '${iso(0)}')`,
    "card_id, credit_limit, bank_id, updated_at",
  );
  await commit(
    "banks",
    `('b1', 0.1, TIMESTAMPTZ '${iso(0)}'), ('b2', 0.9, TIMESTAMPTZ '${iso(15)}')`,
    "bank_id, risk, as_of",
  );
});
afterAll(async () => {
  await worker.stop({ graceMs: 1000 });
  await stopBoss();
});

const FRAUD_VIEW = {
  name: "fraud",
  root: { featureGroup: { name: "transactions", version: 1 } },
  joins: [
    { featureGroup: { name: "cards", version: 1 } },
    { featureGroup: { name: "banks", version: 1 }, left: "cards", prefix: "bank_" },
  ],
  labels: ["is_fraud"],
  transformations: [
    { feature: "amount", type: "min_max_scaler" },
    { feature: "category", type: "one_hot_encoder" },
  ],
  onDemandFeatures: [
    { name: "amount_to_limit", expression: "amount / credit_limit" },
    { name: "hour", expression: "hour_of_day(event_time)" },
  ],
};

const post = (handler: typeof viewsRoute.POST, params: Record<string, string>, body: unknown, userId = owner.id) =>
  callRoute(handler, { project: project.name, ...params }, { userId, method: "POST", body });
const download = async (name: string, version: number, split: string, userId = owner.id, format?: string) => {
  const url = new URL(`http://localhost/x${format ? `?format=${format}` : ""}`);
  const response = await splitRoute.GET(new Request(url, { headers: { cookie: await sessionCookie(userId) } }), {
    params: Promise.resolve({ project: project.name, name, version: String(version), split }),
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, text: bytes.toString("utf8"), bytes };
};
const csvRows = (text: string) => {
  const [header, ...lines] = text.trim().split("\n");
  const columns = header.split(",");
  return lines.map((line) => Object.fromEntries(line.split(",").map((value, i) => [columns[i], value])));
};

/** The fraud view under `name`, created unless an earlier test created it already (tests run in any order). */
const ensureView = async (name: string) => {
  if (await db.featureView.count({ where: { projectId: project.id, name, version: 1 } })) return;
  const created = await post(viewsRoute.POST, {}, { ...FRAUD_VIEW, name });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
};

describe("feature views", () => {
  it("creates a view with serving keys, joined features, labels and lineage", async () => {
    // A name of its own: other tests create the "fraud" view too, in any order.
    const view = { ...FRAUD_VIEW, name: "fraud_created" };
    const created = await post(viewsRoute.POST, {}, view);
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    expect(created.json).toMatchObject({
      name: "fraud_created",
      version: 1,
      servingKeys: [{ name: "transaction_id", type: "bigint" }],
      labels: ["is_fraud"],
    });
    expect(
      created.json.joins.map((j: { alias: string; left: string; leftOn: string[] }) => [j.alias, j.left, j.leftOn]),
    ).toEqual([
      ["cards", "transactions", ["card_id"]],
      ["banks", "cards", ["bank_id"]],
    ]);
    const names = created.json.features.map((f: { name: string }) => f.name);
    expect(names).toEqual([
      "transaction_id",
      "card_id",
      "amount",
      "category",
      "is_fraud",
      "event_time",
      "credit_limit",
      "bank_id",
      "bank_risk",
      "amount_to_limit",
      "hour",
    ]);
    expect(created.json.features.find((f: { name: string }) => f.name === "bank_risk").featureGroup.name).toBe("banks");
    expect(
      await db.featureViewSource.count({ where: { featureView: { projectId: project.id, name: view.name } } }),
    ).toBe(3);
    const again = await post(viewsRoute.POST, {}, view);
    expect(again.json.version).toBe(2);
    const list = await callRoute(viewsRoute.GET, { project: project.name }, { userId: auditor.id });
    expect(
      list.json.featureViews
        .filter((v: { name: string }) => v.name === view.name)
        .map((v: { version: number }) => v.version)
        .sort(),
    ).toEqual([1, 2]);
  });

  it("refuses bad definitions with 422 and the offending paths, creating nothing", async () => {
    const before = await db.featureView.count({ where: { projectId: project.id } });
    const cases: [unknown, string, RegExp][] = [
      [
        { ...FRAUD_VIEW, name: "bad1", joins: [{ featureGroup: { name: "nope", version: 1 } }] },
        "joins.0.featureGroup",
        /not found/,
      ],
      [
        {
          ...FRAUD_VIEW,
          name: "bad2",
          root: { featureGroup: { name: "transactions", version: 1 }, features: ["amount", "amout"] },
        },
        "root.features.1",
        /not a feature/,
      ],
      [
        { ...FRAUD_VIEW, name: "bad3", joins: [{ featureGroup: { name: "card_strings", version: 1 } }] },
        "joins.0.featureGroup",
        /types differ/,
      ],
      [{ ...FRAUD_VIEW, name: "bad4", labels: ["transaction_id"] }, "labels.0", /serving key/],
      [
        { ...FRAUD_VIEW, name: "bad5", transformations: [{ feature: "category", type: "standard_scaler" }] },
        "transformations.0.type",
        /numeric/,
      ],
      [
        { ...FRAUD_VIEW, name: "bad6", onDemandFeatures: [{ name: "x", expression: "amount / / 2" }] },
        "onDemandFeatures.0.expression",
        /position 10/,
      ],
      [
        { ...FRAUD_VIEW, name: "bad7", filter: { and: [{ feature: "amount", op: ">", value: "big" }] } },
        "filter.and.0.value",
        /double/,
      ],
      // Names that an object's prototype holds are unknown functions (they were 500s), and literals that are not
      // the double they read as are refused.
      ...["constructor", "__proto__", "CONSTRUCTOR", "toString", "hasOwnProperty"].map(
        (name, index): [unknown, string, RegExp] => [
          {
            ...FRAUD_VIEW,
            name: `bad_function${index}`,
            onDemandFeatures: [
              { name: "ok", expression: "amount" },
              { name: "x", expression: `${name}(1)` },
            ],
          },
          "onDemandFeatures.1.expression",
          new RegExp(`^Unknown function '${name}'`),
        ],
      ),
      [
        { ...FRAUD_VIEW, name: "bad_literal1", onDemandFeatures: [{ name: "x", expression: "amount * 1e309" }] },
        "onDemandFeatures.0.expression",
        /outside the range of a double \(at position 10\)/,
      ],
      [
        { ...FRAUD_VIEW, name: "bad_literal2", onDemandFeatures: [{ name: "x", expression: `1${"0".repeat(400)}` }] },
        "onDemandFeatures.0.expression",
        /outside the range of a double/,
      ],
    ];
    for (const [body, errorPath, message] of cases) {
      const response = await post(viewsRoute.POST, {}, body);
      expect(response.status, JSON.stringify(response.json)).toBe(422);
      const issue = response.json.errors.find((e: { path: string }) => e.path === errorPath);
      expect(issue, JSON.stringify(response.json.errors)).toBeDefined();
      expect(issue.message).toMatch(message);
    }
    expect(await db.featureView.count({ where: { projectId: project.id } })).toBe(before);
  });
});

describe("training datasets", () => {
  it("materializes point-in-time-correct splits with transformations fitted on train, and re-creates them exactly", async () => {
    await ensureView("fraud");
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
    await ensureView("fraud");
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
    // A view and dataset of its own: the forced deletion below must not take other tests' "fraud" view.
    await ensureView("fraud_batch");
    const dataset = await post(
      datasetsRoute.POST,
      { name: "fraud_batch", version: "1" },
      { spine: { type: "timeRange", start: iso(1), end: iso(21) }, format: "csv" },
    );
    expect(dataset.status, JSON.stringify(dataset.json)).toBe(202);
    expect((await waitForJobEnd(dataset.json.job.id)).status).toBe("SUCCEEDED");
    const batch = await post(
      batchRoute.POST,
      { name: "fraud_batch", version: "1" },
      {
        entities: [{ transaction_id: 10 }, { transaction_id: 3 }],
        asOf: iso(12),
        trainingDataset: { name: "fraud_batch", version: 1 },
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
    const missing = await post(batchRoute.POST, { name: "fraud_batch", version: "1" }, { entities: [{ card_id: 1 }] });
    expect(missing.status).toBe(422);
    expect(missing.json.errors[0].path).toBe("entities.0.transaction_id");
    const refused = await callRoute(
      viewRoute.DELETE,
      { project: project.name, name: "fraud_batch", version: "1" },
      { userId: owner.id, method: "DELETE" },
    );
    expect(refused.status).toBe(409);
    const dir = path.join(getDataDir(), "projects", project.id, "training", "fraud_batch_v1");
    expect(existsSync(path.join(dir, "fraud_batch_v1", "all.csv"))).toBe(true);
    const forced = await callRoute(
      viewRoute.DELETE,
      { project: project.name, name: "fraud_batch", version: "1" },
      { userId: owner.id, method: "DELETE", query: { force: "true" } },
    );
    expect(forced.status).toBe(204);
    expect(existsSync(path.join(dir, "fraud_batch_v1"))).toBe(false);
    expect(
      await db.trainingDataset.count({
        where: { projectId: project.id, featureView: { name: "fraud_batch", version: 1 } },
      }),
    ).toBe(0);
  });
});

describe("batch data with request parameters", () => {
  it("takes request parameters with each entity and computes on-demand features as the feature server does", async () => {
    const view = await post(
      viewsRoute.POST,
      {},
      {
        name: "fraud_requests",
        root: {
          featureGroup: { name: "transactions", version: 1 },
          features: ["transaction_id", "amount", "event_time"],
        },
        requestParameters: [
          { name: "now", type: "timestamp" },
          { name: "factor", type: "double" },
          { name: "channel", type: "string" },
        ],
        onDemandFeatures: [
          { name: "age_days", expression: "days_between(event_time, request.now)" },
          { name: "scaled", expression: "amount * request.factor" },
          { name: "channel_upper", expression: "upper(request.channel)" },
        ],
      },
    );
    expect(view.status, JSON.stringify(view.json)).toBe(201);
    const batch = (body: unknown) => post(batchRoute.POST, { name: "fraud_requests", version: "1" }, body);
    const ok = await batch({
      entities: [
        { transaction_id: 10, now: "2026-01-12T00:00:00+02:00", factor: 0.1, channel: "straße" },
        { transaction_id: 3, now: "2026-01-04T12:00:00.5Z", factor: 2, channel: "web" },
      ],
      asOf: iso(12),
    });
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
    // Transaction 10: amount 100 at day 10 (2026-01-11T00:00Z); `now` is 22 hours later.
    expect(ok.json.rows).toEqual([
      expect.objectContaining({ transaction_id: "10", age_days: 22 / 24, scaled: 100 * 0.1, channel_upper: "STRASSE" }),
      expect.objectContaining({ transaction_id: "3", age_days: 0.5 + 0.5 / 86_400, scaled: 60, channel_upper: "WEB" }),
    ]);

    const cases: [unknown, string, RegExp][] = [
      [{ entities: [{ transaction_id: 10, factor: 1, channel: "x" }] }, "entities.0.now", /missing request parameter/],
      [{ entities: [{ transaction_id: 10, now: "yesterday", factor: 1, channel: "x" }] }, "entities.0.now", /ISO 8601/],
      [
        { entities: [{ transaction_id: 10, now: iso(1), factor: "1", channel: "x" }] },
        "entities.0.factor",
        /finite number/,
      ],
      [
        { entities: [{ transaction_id: 10, now: iso(1), factor: 1, channel: "x", chanel: "x" }] },
        "entities.0.chanel",
        /neither a serving key/,
      ],
    ];
    for (const [body, errorPath, message] of cases) {
      const response = await batch(body);
      expect(response.status, JSON.stringify(response.json)).toBe(422);
      expect(response.json.errors).toEqual([
        expect.objectContaining({ path: errorPath, message: expect.stringMatching(message) }),
      ]);
    }
  });
});

describe("dependencies on feature groups", () => {
  it("refuses to delete a feature group a view uses, naming the view; deleting the project takes everything", async () => {
    const groupRoute = await import("@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/route");
    const projectRoute = await import("@/app/api/v1/projects/[project]/route");
    // A project of its own, since it is deleted at the end.
    const doomed = await createTestProject({ members: [{ userId: owner.id, role: "OWNER" }] });
    await createGroups(doomed);
    const created = await callRoute(
      viewsRoute.POST,
      { project: doomed.name },
      { userId: owner.id, method: "POST", body: { ...FRAUD_VIEW, name: "fraud_dependency" } },
    );
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const refused = await callRoute(
      groupRoute.DELETE,
      { project: doomed.name, name: "cards", version: "1" },
      { userId: owner.id, method: "DELETE" },
    );
    expect(refused.status).toBe(409);
    expect(refused.json.detail).toContain("fraud_dependency v1");
    expect(await db.featureGroup.count({ where: { projectId: doomed.id, name: "cards" } })).toBe(1);
    expect(existsSync(path.join(getDataDir(), "projects", doomed.id))).toBe(true);
    const deleted = await callRoute(
      projectRoute.DELETE,
      { project: doomed.name },
      { userId: owner.id, method: "DELETE", body: { confirm: doomed.name } },
    );
    expect(deleted.status).toBe(204);
    expect(await db.featureView.count({ where: { projectId: doomed.id } })).toBe(0);
    expect(await db.featureGroup.count({ where: { projectId: doomed.id } })).toBe(0);
    expect(existsSync(path.join(getDataDir(), "projects", doomed.id))).toBe(false);
  });
});
