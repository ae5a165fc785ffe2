import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as groupsRoute from "@/app/api/v1/projects/[project]/feature-groups/route";
import * as groupRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/route";
import * as insertRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/insert/route";
import * as deleteRowsRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/delete-rows/route";
import * as previewRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/preview/route";
import * as changesRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/changes/route";
import * as commitsRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/commits/route";
import * as featuresRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/features/route";
import * as uploadsRoute from "@/app/api/v1/projects/[project]/uploads/route";
import { db } from "@/server/db/client";
import { getDataDir } from "@/server/env";
import { startWorker, type TWorker } from "@/server/jobs/worker";
import { WORKER_RUNNERS } from "@/server/jobs/worker-runners";
import { stopBoss } from "@/server/jobs/boss";
import { callRoute, createTestProject, createTestUser, sessionCookie, waitForJobEnd } from "@/test/helpers";

// Feature groups end to end through the API: definitions, JSON and file loads through the real job runner,
// upsert/delete semantics, time travel, changes, and every bad input leaving table and registry unchanged.

let worker: TWorker;
let owner: Awaited<ReturnType<typeof createTestUser>>;
let viewer: Awaited<ReturnType<typeof createTestUser>>;
let project: Awaited<ReturnType<typeof createTestProject>>;

beforeAll(async () => {
  owner = await createTestUser();
  viewer = await createTestUser();
  project = await createTestProject({
    members: [
      { userId: owner.id, role: "OWNER" },
      { userId: viewer.id, role: "VIEWER" },
    ],
  });
  worker = await startWorker({
    runners: WORKER_RUNNERS,
    types: ["ingest"],
    schedules: false,
    superviseIntervalSeconds: 1,
  });
});
afterAll(async () => {
  await worker.stop({ graceMs: 1000 });
  await stopBoss();
});

const CARDS = {
  description: "Card profiles",
  primaryKey: ["card_id"],
  eventTime: "updated_at",
  features: [
    { name: "card_id", type: "bigint" },
    { name: "card_type", type: "string" },
    { name: "credit_limit", type: "double" },
    { name: "is_premium", type: "boolean" },
    { name: "updated_at", type: "timestamp" },
  ],
};

const createGroup = async (name: string, spec: Record<string, unknown> = CARDS) => {
  const response = await callRoute(
    groupsRoute.POST,
    { project: project.name },
    { userId: owner.id, method: "POST", body: { name, ...spec } },
  );
  expect(response.status, JSON.stringify(response.json)).toBe(201);
  return response.json;
};

const insert = async (name: string, rows: Record<string, unknown>[]) => {
  const response = await callRoute(
    insertRoute.POST,
    { project: project.name, name, version: "1" },
    { userId: owner.id, method: "POST", body: { rows } },
  );
  expect(response.status, JSON.stringify(response.json)).toBe(202);
  return waitForJobEnd(response.json.job.id);
};

const upload = async (fileName: string, content: string | Buffer) => {
  const request = new Request(
    `http://localhost/api/v1/projects/${project.name}/uploads?fileName=${encodeURIComponent(fileName)}`,
    {
      method: "POST",
      headers: {
        cookie: await sessionCookie(owner.id),
        "x-larder-csrf": "1",
        "content-type": "application/octet-stream",
      },
      body: typeof content === "string" ? content : new Uint8Array(content),
    },
  );
  const response = await uploadsRoute.POST(request, { params: Promise.resolve({ project: project.name }) });
  return { status: response.status, json: await response.json() };
};

const preview = async (name: string, query: Record<string, string> = {}) =>
  callRoute(
    previewRoute.GET,
    { project: project.name, name, version: "1" },
    { userId: owner.id, query: { limit: "1000", ...query } },
  );

const uploadFiles = () => {
  const dir = path.join(getDataDir(), "projects", project.id, "uploads");
  return existsSync(dir) ? readdirSync(dir) : [];
};

describe("feature group definitions", () => {
  it("creates version 1, then the next version when none is given", async () => {
    const first = await createGroup("cards_versions");
    expect(first).toMatchObject({
      name: "cards_versions",
      version: 1,
      primaryKey: ["card_id"],
      eventTime: "updated_at",
      rowCount: 0,
    });
    expect(first.features.find((f: { name: string }) => f.name === "card_id").isPrimaryKey).toBe(true);
    const second = await createGroup("cards_versions");
    expect(second.version).toBe(2);
    const duplicate = await callRoute(
      groupsRoute.POST,
      { project: project.name },
      { userId: owner.id, method: "POST", body: { name: "cards_versions", version: 2, ...CARDS } },
    );
    expect(duplicate.status).toBe(409);
  });

  it("refuses bad definitions with the offending fields named, and creates nothing", async () => {
    const before = await db.featureGroup.count({ where: { projectId: project.id } });
    const response = await callRoute(
      groupsRoute.POST,
      { project: project.name },
      {
        userId: owner.id,
        method: "POST",
        body: {
          name: "../etc'; DROP TABLE x;--",
          primaryKey: ["missing"],
          eventTime: "card_type",
          features: [
            { name: "card_id", type: "bigint" },
            { name: "card_type", type: "text" },
            { name: "card_id", type: "int" },
          ],
        },
      },
    );
    expect(response.status).toBe(422);
    const paths = response.json.errors.map((issue: { path: string }) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(["name", "features.1.type"]));
    const semantic = await callRoute(
      groupsRoute.POST,
      { project: project.name },
      {
        userId: owner.id,
        method: "POST",
        body: {
          name: "bad_semantics",
          primaryKey: ["missing"],
          eventTime: "card_type",
          features: [
            { name: "card_id", type: "bigint" },
            { name: "card_type", type: "string" },
            { name: "card_id", type: "int" },
          ],
        },
      },
    );
    expect(semantic.json.errors.map((issue: { path: string }) => issue.path)).toEqual(
      expect.arrayContaining(["features.2.name", "primaryKey.0", "eventTime"]),
    );
    // Names DuckDB reads as a Parquet scan's virtual columns are reserved.
    const reserved = await callRoute(
      groupsRoute.POST,
      { project: project.name },
      {
        userId: owner.id,
        method: "POST",
        body: {
          name: "bad_reserved",
          primaryKey: ["card_id"],
          features: [
            { name: "card_id", type: "bigint" },
            { name: "file_row_number", type: "bigint" },
          ],
        },
      },
    );
    expect(reserved.status).toBe(422);
    expect(reserved.json.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "features.1.name", message: expect.stringMatching(/reserved/) }),
      ]),
    );
    expect(await db.featureGroup.count({ where: { projectId: project.id } })).toBe(before);
    expect(existsSync(path.join(getDataDir(), "projects", project.id, "offline", "bad_semantics_v1"))).toBe(false);
  });

  it("a Viewer can read the catalog but neither define groups nor write data", async () => {
    await createGroup("cards_viewer");
    const list = await callRoute(groupsRoute.GET, { project: project.name }, { userId: viewer.id });
    expect(list.json.featureGroups.map((g: { name: string }) => g.name)).toContain("cards_viewer");
    expect(
      (
        await callRoute(
          groupsRoute.POST,
          { project: project.name },
          { userId: viewer.id, method: "POST", body: { name: "nope", ...CARDS } },
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await callRoute(
          insertRoute.POST,
          { project: project.name, name: "cards_viewer", version: "1" },
          { userId: viewer.id, method: "POST", body: { rows: [{ card_id: 1 }] } },
        )
      ).status,
    ).toBe(403);
  });
});

describe("ingestion, upserts and time travel", () => {
  it("upserts on primary key + event time, deletes by key, and reads back as of every commit", async () => {
    await createGroup("cards_upsert");
    const t0 = "2026-01-01T00:00:00Z";
    const t1 = "2026-02-01T00:00:00Z";
    const first = await insert("cards_upsert", [
      { card_id: 1, card_type: "visa", credit_limit: 1000, is_premium: false, updated_at: t0 },
      { card_id: 2, card_type: "amex", credit_limit: 5000, is_premium: true, updated_at: t0 },
    ]);
    expect(first.status).toBe("SUCCEEDED");
    // Same key and event time replaces; same key at a later time is new history; a new key is inserted.
    const second = await insert("cards_upsert", [
      { card_id: 1, card_type: "visa", credit_limit: 1500, is_premium: false, updated_at: t0 },
      { card_id: 1, card_type: "visa", credit_limit: 2000, is_premium: true, updated_at: t1 },
      { card_id: 3, card_type: "mastercard", credit_limit: 700, is_premium: false, updated_at: t1 },
    ]);
    expect(second.status).toBe("SUCCEEDED");
    const commits = await callRoute(
      commitsRoute.GET,
      { project: project.name, name: "cards_upsert", version: "1" },
      { userId: owner.id },
    );
    const [latest, initial] = commits.json.commits;
    expect(initial).toMatchObject({ version: 1, rowsInserted: 2, rowsUpdated: 0, jobId: first.id, user: owner.email });
    expect(latest).toMatchObject({ version: 2, rowsInserted: 2, rowsUpdated: 1, operation: "UPSERT" });

    const now = await preview("cards_upsert");
    expect(now.json.rows).toHaveLength(4);
    expect(
      now.json.rows.find(
        (r: { card_id: unknown; updated_at: string }) =>
          Number(r.card_id) === 1 && r.updated_at.startsWith("2026-01-01"),
      ).credit_limit,
    ).toBe(1500);
    const asOfFirst = await preview("cards_upsert", { asOfVersion: "1" });
    expect(asOfFirst.json.rows).toHaveLength(2);
    expect(asOfFirst.json.rows.find((r: { card_id: unknown }) => Number(r.card_id) === 1).credit_limit).toBe(1000);
    const tooNew = await preview("cards_upsert", { asOfVersion: "99" });
    expect(tooNew.status).toBe(422);
    expect(tooNew.json.errors[0].path).toBe("query.asOfVersion");

    const changes = await callRoute(
      changesRoute.GET,
      { project: project.name, name: "cards_upsert", version: "1" },
      { userId: owner.id, query: { fromVersion: "1", toVersion: "2" } },
    );
    const types = changes.json.rows.map((row: { _change_type: string }) => row._change_type).sort();
    expect(types).toEqual(["insert", "insert", "update_postimage", "update_preimage"]);

    const deleted = await callRoute(
      deleteRowsRoute.POST,
      { project: project.name, name: "cards_upsert", version: "1" },
      { userId: owner.id, method: "POST", body: { keys: [{ card_id: 1 }] } },
    );
    expect(deleted.status).toBe(202);
    expect((await waitForJobEnd(deleted.json.job.id)).status).toBe("SUCCEEDED");
    const afterDelete = await preview("cards_upsert");
    expect(afterDelete.json.rows.map((r: { card_id: unknown }) => Number(r.card_id)).sort()).toEqual([2, 3]);
    const group = await callRoute(
      groupRoute.GET,
      { project: project.name, name: "cards_upsert", version: "1" },
      { userId: owner.id },
    );
    expect(group.json).toMatchObject({ rowCount: 2, deltaVersion: 3, commitCount: 3 });
    // Reading values is audited; auditors see who read what.
    expect(await db.auditEvent.count({ where: { projectId: project.id, action: "featureData.read" } })).toBeGreaterThan(
      0,
    );
  });

  it("two ingests into the same group at once both land, with no row lost", async () => {
    await createGroup("cards_concurrent");
    const rows = (offset: number) =>
      Array.from({ length: 500 }, (_, i) => ({
        card_id: offset + i,
        card_type: "visa",
        credit_limit: i,
        is_premium: false,
        updated_at: "2026-01-01T00:00:00Z",
      }));
    const [a, b] = await Promise.all([
      callRoute(
        insertRoute.POST,
        { project: project.name, name: "cards_concurrent", version: "1" },
        { userId: owner.id, method: "POST", body: { rows: rows(0) } },
      ),
      callRoute(
        insertRoute.POST,
        { project: project.name, name: "cards_concurrent", version: "1" },
        { userId: owner.id, method: "POST", body: { rows: rows(10_000) } },
      ),
    ]);
    const jobs = await Promise.all([waitForJobEnd(a.json.job.id), waitForJobEnd(b.json.job.id)]);
    expect(jobs.map((job) => job.status)).toEqual(["SUCCEEDED", "SUCCEEDED"]);
    const group = await callRoute(
      groupRoute.GET,
      { project: project.name, name: "cards_concurrent", version: "1" },
      { userId: owner.id },
    );
    expect(group.json.rowCount).toBe(1000);
    expect(group.json.commitCount).toBe(2);
  });

  it("appending a feature keeps old rows readable with the default", async () => {
    await createGroup("cards_evolve");
    await insert("cards_evolve", [
      { card_id: 1, card_type: "visa", credit_limit: 10, is_premium: false, updated_at: "2026-01-01T00:00:00Z" },
    ]);
    const evolved = await callRoute(
      featuresRoute.POST,
      { project: project.name, name: "cards_evolve", version: "1" },
      {
        userId: owner.id,
        method: "POST",
        body: { features: [{ name: "risk_score", type: "double", defaultValue: 0.5 }] },
      },
    );
    expect(evolved.status).toBe(201);
    const clash = await callRoute(
      featuresRoute.POST,
      { project: project.name, name: "cards_evolve", version: "1" },
      { userId: owner.id, method: "POST", body: { features: [{ name: "card_type", type: "int" }] } },
    );
    expect(clash.status).toBe(422);
    expect(clash.json.errors[0].path).toBe("features.0.name");
    await insert("cards_evolve", [
      {
        card_id: 2,
        card_type: "visa",
        credit_limit: 10,
        is_premium: false,
        updated_at: "2026-01-01T00:00:00Z",
        risk_score: 0.9,
      },
    ]);
    const rows = (await preview("cards_evolve")).json.rows;
    expect(rows.map((r: { risk_score: number }) => r.risk_score).sort()).toEqual([0.5, 0.9]);
  });
});

describe("file uploads", () => {
  it("infers a schema from a CSV, then loads it through a job", async () => {
    const csv =
      "Card ID,CardType,credit_limit,is_premium,updated_at\n1,visa,1000.5,true,2026-01-01 10:00:00\n2,amex,2000,false,2026-01-02 11:00:00\n";
    const staged = await upload("cards.csv", csv);
    expect(staged.status).toBe(201);
    expect(staged.json.inferredFeatures).toEqual([
      { name: "card_id", sourceName: "Card ID", type: "bigint" },
      { name: "card_type", sourceName: "CardType", type: "string" },
      { name: "credit_limit", sourceName: "credit_limit", type: "double" },
      { name: "is_premium", sourceName: "is_premium", type: "boolean" },
      { name: "updated_at", sourceName: "updated_at", type: "timestamp" },
    ]);
    expect(staged.json).toMatchObject({ suggestedPrimaryKey: ["card_id"], suggestedEventTime: "updated_at" });
    await createGroup("cards_csv");
    const inserted = await callRoute(
      insertRoute.POST,
      { project: project.name, name: "cards_csv", version: "1" },
      { userId: owner.id, method: "POST", body: { uploadId: staged.json.id } },
    );
    const job = await waitForJobEnd(inserted.json.job.id);
    expect(job.status).toBe("SUCCEEDED");
    expect((await preview("cards_csv")).json.rows.map((r: { card_type: string }) => r.card_type)).toEqual([
      "visa",
      "amex",
    ]);
    // The upload's bytes are gone once committed.
    expect(existsSync(path.join(getDataDir(), "projects", project.id, "uploads", staged.json.id))).toBe(false);
  });

  it("refuses files that are not what their name says, empty files and hostile names, leaving no file behind", async () => {
    const before = uploadFiles().length;
    const rowsBefore = await db.upload.count({ where: { projectId: project.id } });
    const fake = await upload("cards.parquet", "card_id,card_type\n1,visa\n");
    expect(fake.status).toBe(422);
    expect(fake.json.errors[0]).toMatchObject({ path: "fileName" });
    expect(fake.json.detail).toMatch(/not a Parquet file/);
    const binary = await upload("cards.csv", Buffer.from([0x50, 0x41, 0x52, 0x31, 0, 1, 2, 3, 0x50, 0x41, 0x52, 0x31]));
    expect(binary.status).toBe(422);
    const empty = await upload("cards.csv", "");
    expect(empty.status).toBe(422);
    expect(empty.json.detail).toMatch(/empty/);
    const headerOnly = await upload("cards.csv", "card_id,card_type\n");
    expect(headerOnly.status).toBe(422);
    // Hostile names with a valid extension, so only the name itself can be refused: 4xx naming the field.
    for (const name of ["../../x.csv", "..\\..\\x.csv", "dir/x.csv", "x\u0000.csv", "x\n.csv"]) {
      const hostile = await upload(name, "x\n1\n");
      expect(hostile.status, JSON.stringify(name)).toBe(422);
      expect(hostile.json.errors).toEqual([{ path: "fileName", message: "must be a plain file name" }]);
    }
    const exe = await upload("cards.exe", "x\n1\n");
    expect(exe.status).toBe(422);
    expect(uploadFiles().length).toBe(before);
    expect(await db.upload.count({ where: { projectId: project.id } })).toBe(rowsBefore);
  });

  it.each([
    [
      "a value of the wrong type",
      "card_id,card_type,credit_limit,is_premium,updated_at\n1,visa,1000,true,2026-01-01\n2,amex,lots,false,2026-01-01\n3,visa,12,true,2026-01-01\n",
      /credit_limit.*rows 2/,
    ],
    [
      "an unparsable timestamp",
      "card_id,card_type,credit_limit,is_premium,updated_at\n1,visa,1000,true,yesterday\n",
      /updated_at.*rows 1/,
    ],
    [
      "a null primary key",
      "card_id,card_type,credit_limit,is_premium,updated_at\n1,visa,1000,true,2026-01-01\n,amex,10,false,2026-01-01\n",
      /card_id.*rows 2/,
    ],
    [
      "an unknown column",
      "card_id,card_type,credit_limit,is_premium,updated_at,ssn\n1,visa,1000,true,2026-01-01,123\n",
      /Unknown columns 'ssn'/,
    ],
    ["a missing key column", "card_type,credit_limit\nvisa,1000\n", /Missing required columns? 'card_id'/],
  ])("fails the job on %s, naming the column and rows; the table is unchanged", async (_label, csv, reason) => {
    const name = `cards_bad_${Math.random().toString(36).slice(2, 8)}`;
    await createGroup(name);
    await insert(name, [
      { card_id: 99, card_type: "visa", credit_limit: 1, is_premium: false, updated_at: "2026-01-01T00:00:00Z" },
    ]);
    const staged = await upload("bad.csv", csv);
    expect(staged.status).toBe(201);
    const inserted = await callRoute(
      insertRoute.POST,
      { project: project.name, name, version: "1" },
      { userId: owner.id, method: "POST", body: { uploadId: staged.json.id } },
    );
    const job = await waitForJobEnd(inserted.json.job.id);
    expect(job.status).toBe("FAILED");
    expect(job.attempts).toBe(1);
    expect(job.error).toMatch(reason);
    const group = await callRoute(groupRoute.GET, { project: project.name, name, version: "1" }, { userId: owner.id });
    expect(group.json).toMatchObject({ rowCount: 1, deltaVersion: 1, commitCount: 1 });
    const tableDir = path.join(getDataDir(), "projects", project.id, "offline", `${name}_v1`);
    expect(readdirSync(tableDir).filter((file) => file.endsWith(".parquet"))).toHaveLength(1);
  });

  it("refuses bad JSON rows at once with each cell named, and writes nothing", async () => {
    await createGroup("cards_json_bad");
    const response = await callRoute(
      insertRoute.POST,
      { project: project.name, name: "cards_json_bad", version: "1" },
      {
        userId: owner.id,
        method: "POST",
        body: {
          rows: [
            { card_id: 1, card_type: 5, credit_limit: "x", is_premium: false, updated_at: "2026-01-01T00:00:00Z" },
            { card_id: null, card_type: "visa", updated_at: "not a time", hacker: "'; DROP TABLE" },
          ],
        },
      },
    );
    expect(response.status).toBe(422);
    const paths = response.json.errors.map((issue: { path: string }) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "rows.0.card_type",
        "rows.0.credit_limit",
        "rows.1.card_id",
        "rows.1.updated_at",
        "rows.1.hacker",
      ]),
    );
    expect(await db.job.count({ where: { projectId: project.id, featureGroup: { name: "cards_json_bad" } } })).toBe(0);
    const tooMany = await callRoute(
      insertRoute.POST,
      { project: project.name, name: "cards_json_bad", version: "1" },
      { userId: owner.id, method: "POST", body: { rows: Array.from({ length: 10_001 }, () => ({ card_id: 1 })) } },
    );
    expect(tooMany.status).toBe(422);
    expect(tooMany.json.errors[0].path).toBe("rows");
  });

  it("loads Parquet and JSON-lines files too", async () => {
    await createGroup("cards_formats");
    const jsonl =
      '{"card_id": 1, "card_type": "visa", "credit_limit": 10.5, "is_premium": true, "updated_at": "2026-01-01T00:00:00Z"}\n{"card_id": 2, "card_type": "amex", "credit_limit": 20, "is_premium": false, "updated_at": "2026-01-02T00:00:00Z"}\n';
    const staged = await upload("cards.jsonl", jsonl);
    expect(staged.status).toBe(201);
    const job = await waitForJobEnd(
      (
        await callRoute(
          insertRoute.POST,
          { project: project.name, name: "cards_formats", version: "1" },
          { userId: owner.id, method: "POST", body: { uploadId: staged.json.id } },
        )
      ).json.job.id,
    );
    expect(job.status, job.error ?? "").toBe("SUCCEEDED");
    const { withDuckDb, quoteLiteral } = await import("@/server/offline");
    const parquetPath = path.join(getDataDir(), "fixture-cards.parquet");
    await withDuckDb({}, (connection) =>
      connection.run(
        `COPY (SELECT 3::BIGINT AS card_id, 'visa' AS card_type, 1.0::DOUBLE AS credit_limit, true AS is_premium, TIMESTAMP '2026-01-03' AS updated_at) TO ${quoteLiteral(parquetPath)} (FORMAT parquet)`,
      ),
    );
    const { readFileSync } = await import("node:fs");
    const stagedParquet = await upload("cards.parquet", readFileSync(parquetPath));
    expect(stagedParquet.status).toBe(201);
    const parquetJob = await waitForJobEnd(
      (
        await callRoute(
          insertRoute.POST,
          { project: project.name, name: "cards_formats", version: "1" },
          { userId: owner.id, method: "POST", body: { uploadId: stagedParquet.json.id } },
        )
      ).json.job.id,
    );
    expect(parquetJob.status, parquetJob.error ?? "").toBe("SUCCEEDED");
    expect((await preview("cards_formats")).json.rows).toHaveLength(3);
  });
});

describe("integer bounds", () => {
  it("stores the minimum and maximum of int and bigint from JSON, CSV and Parquet, and refuses one past them", async () => {
    const INTS = {
      primaryKey: ["k"],
      features: [
        { name: "k", type: "bigint" },
        { name: "i", type: "int" },
        { name: "b", type: "bigint" },
      ],
    };
    await createGroup("int_bounds", INTS);
    const job = await insert("int_bounds", [
      { k: 1, i: -2147483648, b: "-9223372036854775808" },
      { k: 2, i: 2147483647, b: "9223372036854775807" },
    ]);
    expect(job.status, job.error ?? "").toBe("SUCCEEDED");
    const stored = (await preview("int_bounds")).json.rows.map((row: Record<string, unknown>) => [
      String(row.k),
      Number(row.i),
      String(row.b),
    ]);
    expect(stored.sort()).toEqual([
      ["1", -2147483648, "-9223372036854775808"],
      ["2", 2147483647, "9223372036854775807"],
    ]);
    for (const [row, column] of [
      [{ k: 3, i: -2147483649 }, "i"],
      [{ k: 3, i: 2147483648 }, "i"],
      [{ k: 3, b: "-9223372036854775809" }, "b"],
      [{ k: 3, b: "9223372036854775808" }, "b"],
    ] as const) {
      const refused = await callRoute(
        insertRoute.POST,
        { project: project.name, name: "int_bounds", version: "1" },
        { userId: owner.id, method: "POST", body: { rows: [row] } },
      );
      expect(refused.status, JSON.stringify(row)).toBe(422);
      expect(refused.json.errors.map((issue: { path: string }) => issue.path)).toEqual([`rows.0.${column}`]);
    }

    const loadFile = async (fileName: string, content: string | Buffer) => {
      const staged = await upload(fileName, content);
      expect(staged.status, JSON.stringify(staged.json)).toBe(201);
      const inserted = await callRoute(
        insertRoute.POST,
        { project: project.name, name: "int_bounds", version: "1" },
        { userId: owner.id, method: "POST", body: { uploadId: staged.json.id } },
      );
      return waitForJobEnd(inserted.json.job.id);
    };
    const csvOk = await loadFile(
      "ints.csv",
      "k,i,b\n3,-2147483648,-9223372036854775808\n4,2147483647,9223372036854775807\n",
    );
    expect(csvOk.status, csvOk.error ?? "").toBe("SUCCEEDED");
    const csvBad = await loadFile("ints.csv", "k,i,b\n5,1,1\n6,2147483648,1\n");
    expect(csvBad.status).toBe("FAILED");
    expect(csvBad.error).toMatch(/\bi\b.*rows 2/);

    const { withDuckDb, quoteLiteral } = await import("@/server/offline");
    const { readFileSync } = await import("node:fs");
    const parquet = async (select: string) => {
      const file = path.join(getDataDir(), `fixture-ints-${Math.random().toString(36).slice(2)}.parquet`);
      await withDuckDb({}, (connection) =>
        connection.run(`COPY (${select}) TO ${quoteLiteral(file)} (FORMAT parquet)`),
      );
      return readFileSync(file);
    };
    const parquetOk = await loadFile(
      "ints.parquet",
      await parquet(
        "SELECT 7::BIGINT AS k, (-2147483648)::INTEGER AS i, (-9223372036854775808)::BIGINT AS b UNION ALL SELECT 8, 2147483647, 9223372036854775807",
      ),
    );
    expect(parquetOk.status, parquetOk.error ?? "").toBe("SUCCEEDED");
    const parquetBad = await loadFile(
      "ints.parquet",
      await parquet("SELECT 9::BIGINT AS k, (-2147483649)::BIGINT AS i, 1::BIGINT AS b"),
    );
    expect(parquetBad.status).toBe("FAILED");
    expect(parquetBad.error).toMatch(/\bi\b.*rows 1/);
    expect((await preview("int_bounds")).json.rows).toHaveLength(6);
  });
});
