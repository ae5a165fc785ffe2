import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as groupRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/route";
import { db } from "@/server/db/client";
import { getDataDir } from "@/server/env";
import { callRoute } from "@/test/helpers";

import { featureGroupApi, CARD_PROFILES } from "@/test/fixtures/feature-group-api";
import { featureList, useOwnedProject } from "@/test/fixtures/test-project";

// Loading files into feature groups through the API and the real job runner: schema inference from a CSV, CSV,
// Parquet and JSON-lines loads, bad files and bad rows refused (the job fails naming the column and rows, the table
// unchanged, no upload left behind), bad JSON rows refused at once, and the bounds of int and bigint in every format.

const fx = useOwnedProject({ workerTypes: ["ingest"] });

const { insert, insertBody, upload, loadFile, preview, ...api } = featureGroupApi(fx);
const createGroup = (name: string, spec: Record<string, unknown> = CARD_PROFILES) => api.createGroup(name, spec);

const uploadFiles = () => {
  const dir = path.join(getDataDir(), "projects", fx.project.id, "uploads");
  return existsSync(dir) ? readdirSync(dir) : [];
};

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
    const job = await api.insertAndWait("cards_csv", { uploadId: staged.json.id });
    expect(job.status).toBe("SUCCEEDED");
    expect((await preview("cards_csv")).json.rows.map((r: { card_type: string }) => r.card_type)).toEqual([
      "visa",
      "amex",
    ]);
    // The upload's bytes are gone once committed.
    expect(existsSync(path.join(getDataDir(), "projects", fx.project.id, "uploads", staged.json.id))).toBe(false);
  });

  it("refuses files that are not what their name says, empty files and hostile names, leaving no file behind", async () => {
    const before = uploadFiles().length;
    const rowsBefore = await db.upload.count({ where: { projectId: fx.project.id } });
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
      // A NUL is refused by the request wrapper for every query value; the rest by the upload's own name check.
      const refusal = name.includes("\u0000")
        ? { path: "query.fileName", message: "must not contain a NUL (\\u0000) character" }
        : { path: "fileName", message: "must be a plain file name" };
      expect(hostile.json.errors).toEqual([refusal]);
    }
    const exe = await upload("cards.exe", "x\n1\n");
    expect(exe.status).toBe(422);
    expect(uploadFiles().length).toBe(before);
    expect(await db.upload.count({ where: { projectId: fx.project.id } })).toBe(rowsBefore);
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
    const job = await api.insertAndWait(name, { uploadId: staged.json.id });
    expect(job.status).toBe("FAILED");
    expect(job.attempts).toBe(1);
    expect(job.error).toMatch(reason);
    const group = await callRoute(
      groupRoute.GET,
      { project: fx.project.name, name, version: "1" },
      { userId: fx.owner.id },
    );
    expect(group.json).toMatchObject({ rowCount: 1, deltaVersion: 1, commitCount: 1 });
    const tableDir = path.join(getDataDir(), "projects", fx.project.id, "offline", `${name}_v1`);
    expect(readdirSync(tableDir).filter((file) => file.endsWith(".parquet"))).toHaveLength(1);
  });

  it("refuses bad JSON rows at once with each cell named, and writes nothing", async () => {
    await createGroup("cards_json_bad");
    const response = await insertBody("cards_json_bad", {
      rows: [
        { card_id: 1, card_type: 5, credit_limit: "x", is_premium: false, updated_at: "2026-01-01T00:00:00Z" },
        { card_id: null, card_type: "visa", updated_at: "not a time", hacker: "'; DROP TABLE" },
      ],
    });
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
    expect(await db.job.count({ where: { projectId: fx.project.id, featureGroup: { name: "cards_json_bad" } } })).toBe(
      0,
    );
    const tooMany = await insertBody("cards_json_bad", {
      rows: Array.from({ length: 10_001 }, () => ({ card_id: 1 })),
    });
    expect(tooMany.status).toBe(422);
    expect(tooMany.json.errors[0].path).toBe("rows");
  });

  it("loads Parquet and JSON-lines files too", async () => {
    await createGroup("cards_formats");
    const jsonl =
      '{"card_id": 1, "card_type": "visa", "credit_limit": 10.5, "is_premium": true, "updated_at": "2026-01-01T00:00:00Z"}\n{"card_id": 2, "card_type": "amex", "credit_limit": 20, "is_premium": false, "updated_at": "2026-01-02T00:00:00Z"}\n';
    const staged = await upload("cards.jsonl", jsonl);
    expect(staged.status).toBe(201);
    const job = await api.insertAndWait("cards_formats", { uploadId: staged.json.id });
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
    const parquetJob = await api.insertAndWait("cards_formats", { uploadId: stagedParquet.json.id });
    expect(parquetJob.status, parquetJob.error ?? "").toBe("SUCCEEDED");
    expect((await preview("cards_formats")).json.rows).toHaveLength(3);
  });
});

describe("integer bounds", () => {
  it("stores the minimum and maximum of int and bigint from JSON, CSV and Parquet, and refuses one past them", async () => {
    const INTS = {
      primaryKey: ["k"],
      features: featureList({ k: "bigint", i: "int", b: "bigint" }),
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
      const refused = await insertBody("int_bounds", { rows: [row] });
      expect(refused.status, JSON.stringify(row)).toBe(422);
      expect(refused.json.errors.map((issue: { path: string }) => issue.path)).toEqual([`rows.0.${column}`]);
    }

    const loadInts = (fileName: string, content: string | Buffer) => loadFile("int_bounds", fileName, content);
    const csvOk = await loadInts(
      "ints.csv",
      "k,i,b\n3,-2147483648,-9223372036854775808\n4,2147483647,9223372036854775807\n",
    );
    expect(csvOk.status, csvOk.error ?? "").toBe("SUCCEEDED");
    const csvBad = await loadInts("ints.csv", "k,i,b\n5,1,1\n6,2147483648,1\n");
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
    const parquetOk = await loadInts(
      "ints.parquet",
      await parquet(
        "SELECT 7::BIGINT AS k, (-2147483648)::INTEGER AS i, (-9223372036854775808)::BIGINT AS b UNION ALL SELECT 8, 2147483647, 9223372036854775807",
      ),
    );
    expect(parquetOk.status, parquetOk.error ?? "").toBe("SUCCEEDED");
    const parquetBad = await loadInts(
      "ints.parquet",
      await parquet("SELECT 9::BIGINT AS k, (-2147483649)::BIGINT AS i, 1::BIGINT AS b"),
    );
    expect(parquetBad.status).toBe("FAILED");
    expect(parquetBad.error).toMatch(/\bi\b.*rows 1/);
    expect((await preview("int_bounds")).json.rows).toHaveLength(6);
  });
});
