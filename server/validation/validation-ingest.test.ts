import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as rowsRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/online/rows/route";
import * as jobRoute from "@/app/api/v1/projects/[project]/jobs/[jobId]/route";
import * as deleteRowsRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/delete-rows/route";
import { db } from "@/server/db/client";
import { listCommits } from "@/server/offline";
import { setOnlineStore } from "@/server/online-store";
import type { TValidationRuleInput } from "@/lib/api/validation";
import { callRoute, waitForJobEnd } from "@/test/helpers";
import { useOwnedProject } from "@/test/fixtures/test-project";
import { featureGroupApi } from "@/test/fixtures/feature-group-api";
import { onlineStoresForTest } from "@/test/fixtures/online-stores";
import { PAYMENTS, validationApi } from "@/test/fixtures/validation";

// Every ingest runs the group's suite over the whole load before its commit. ALWAYS: the commit lands and the
// report lists each rule's failures; STRICT: a failed error rule fails the job and nothing is visible (no commit,
// no Delta version, no online row), the report says why, and the job's error names rules and counts, no values.

const fx = useOwnedProject({ roles: ["AUDITOR"], workerTypes: ["ingest"] });
const api = featureGroupApi(fx);
const validation = validationApi(fx);
const { stores, dropAll } = onlineStoresForTest("validation");
const store = stores.find(([kind]) => kind === "postgres")![1]();
beforeAll(() => setOnlineStore(store));
afterAll(async () => {
  await store.close();
  await dropAll();
});

const now = () => new Date().toISOString();
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
const payment = (id: number, amount: number | null, currency: string, email: string, token: string, at = now()) => ({
  payment_id: id,
  paid_at: at,
  amount,
  currency,
  email,
  card_token: token,
});

// The rows already in the group, then a load with one or more failures per rule.
const SEED = [1, 2, 3, 4].map((id) => payment(id, 10, "EUR", `p${id}@example.com`, "tok_seed"));
const LOAD = () => [
  payment(10, 5, "EUR", "e@example.com", "tok_aaaa"),
  payment(11, null, "USD", "f@example.com", "tok_bbbb"),
  payment(12, -3, "XXX", "p1@example.com", "bad!"),
  payment(13, 2000, "EUR", "g@example.com", "tok_cc", daysAgo(2)),
  payment(14, 7, "USD", "g@example.com", "tok_dddd"),
];

// [rule, success, failing rows, observed] — observed: a fraction of failing rows, or the aggregate judged.
const RULES: [TValidationRuleInput, boolean, number, number][] = [
  [{ type: "not_null", feature: "amount" }, false, 1, 0.2],
  [{ type: "between", feature: "amount", min: 0, max: 1000 }, false, 2, 0.4],
  [{ type: "between", feature: "amount", min: 5, max: 7, maxInclusive: false }, false, 3, 0.6],
  [{ type: "between", feature: "amount", min: 5, minInclusive: false }, false, 2, 0.4],
  [{ type: "in_set", feature: "currency", values: ["EUR", "USD"] }, false, 1, 0.2],
  [{ type: "not_in_set", feature: "currency", values: ["XXX", "GBP"] }, false, 1, 0.2],
  [{ type: "unique", feature: "email", scope: "load" }, false, 2, 0.4],
  [{ type: "unique", feature: "email", scope: "table" }, false, 3, 0.6],
  [{ type: "matches_regex", feature: "card_token", pattern: "^tok_[a-z]{4}$" }, false, 2, 0.4],
  [{ type: "string_length_between", feature: "card_token", min: 6, max: 8 }, false, 1, 0.2],
  [{ type: "mean_between", feature: "amount", min: 0, max: 100 }, false, 0, 502.25],
  [{ type: "std_between", feature: "amount", max: 10_000 }, true, 0, 998.5093473106132],
  [{ type: "null_fraction_between", feature: "amount", max: 0.1 }, false, 0, 0.2],
  [{ type: "row_count_between", min: 1, max: 10 }, true, 0, 5],
  [{ type: "freshness", feature: "paid_at", maxAgeSeconds: 86_400 }, false, 1, 0.2],
  [{ type: "not_null", feature: "email", severity: "warning" }, true, 0, 0],
];

describe("ALWAYS: the load is written and the report lists every rule's failures", () => {
  const group = "payments_always";
  let report: Awaited<ReturnType<typeof validation.reports>>[number];
  beforeAll(async () => {
    await api.createGroup(group, PAYMENTS);
    expect((await api.insert(group, SEED)).status).toBe("SUCCEEDED");
    await validation.saveSuite(
      group,
      "ALWAYS",
      RULES.map(([rule]) => rule),
    );
    const job = await api.insert(group, LOAD());
    expect(job.status, job.error ?? "").toBe("SUCCEEDED");
    const commits = await listCommits({
      tablePath: (await db.featureGroup.findFirstOrThrow({ where: { projectId: fx.project.id, name: group } }))
        .tablePath,
    });
    [report] = await validation.reports(group, { jobId: job.id });
    expect(report).toMatchObject({ trigger: "INGEST", outcome: "FAILED", written: true, rowCount: 5 });
    expect(report.commitVersion).toBe(commits[0].version);
    expect((job.result as { validation: { reportId: string } }).validation.reportId).toBe(report.id);
  });

  it.each(
    RULES.map(([rule, success, failingRows, observed], index) => ({
      index,
      type: rule.type,
      success,
      failingRows,
      observed,
    })),
  )(
    "rule $index ($type): success $success, $failingRows failing rows, observed $observed",
    ({ index, success, failingRows, observed }) => {
      const result = report.results[index];
      expect(result).toMatchObject({ success, failingRows });
      expect(result.observed).toBeCloseTo(observed, 6);
      expect(result.failingSamples).toHaveLength(failingRows);
    },
  );

  it("shows each failing row by its key, event time and the rule's feature", () => {
    const unique = report.results[7];
    expect(unique.failingSamples.map((row) => row.payment_id).sort()).toEqual(["12", "13", "14"]);
    expect(unique.failingSamples[0]).toEqual({
      payment_id: expect.any(String),
      paid_at: expect.any(String),
      email: expect.stringMatching(/@example\.com$/),
    });
  });

  it("keeps the written rows visible", async () => {
    const preview = await api.preview(group);
    expect(preview.json.rows).toHaveLength(9);
  });
});

describe("unique over the table on a key column: a row kept beside the load repeats its value, a replaced one not", () => {
  const at = (day: number) => new Date(Date.UTC(2026, 0, day)).toISOString();
  const keyed = (id: number, day: number) => payment(id, 1, "EUR", `k${id}@example.com`, "tok_kkkk", at(day));
  const uniqueKey = async (group: string, load: Record<string, unknown>[]) => {
    const job = await api.insert(group, load);
    expect(job.status, job.error ?? "").toBe("SUCCEEDED");
    const [report] = await validation.reports(group, { jobId: job.id });
    return report.results[0];
  };

  it("with an event time: the same key and time replaces the row, another time keeps it", async () => {
    const group = "payments_unique_key";
    await api.createGroup(group, PAYMENTS);
    expect((await api.insert(group, [keyed(1, 1), keyed(2, 2)])).status).toBe("SUCCEEDED");
    await validation.saveSuite(group, "ALWAYS", [{ type: "unique", feature: "payment_id", scope: "table" }]);
    // Payment 2 at its own time replaces its row; payment 5 is new.
    expect(await uniqueKey(group, [keyed(2, 2), keyed(5, 5)])).toMatchObject({ success: true, failingRows: 0 });
    // Payment 1 at another time: the row of day 1 stays beside it.
    const repeated = await uniqueKey(group, [keyed(1, 9), keyed(6, 6)]);
    expect(repeated).toMatchObject({ success: false, failingRows: 1 });
    expect(repeated.failingSamples.map((row) => row.payment_id)).toEqual(["1"]);
  });

  it("without an event time every row of a loaded key is replaced: nothing repeats", async () => {
    const group = "payments_unique_key_only";
    await api.createGroup(group, { ...PAYMENTS, eventTime: null });
    expect((await api.insert(group, [keyed(1, 1), keyed(2, 2)])).status).toBe("SUCCEEDED");
    await validation.saveSuite(group, "ALWAYS", [{ type: "unique", feature: "payment_id", scope: "table" }]);
    expect(await uniqueKey(group, [keyed(1, 9), keyed(3, 3)])).toMatchObject({ success: true, failingRows: 0 });
    // Within the load, a key twice: the upsert keeps one row, the whole load repeats it.
    const twice = await uniqueKey(group, [keyed(4, 4), keyed(4, 5)]);
    expect(twice.success).toBe(true);
  });
});

describe("STRICT: a failed error rule fails the ingest and nothing is written", () => {
  const group = "payments_strict";
  const onlineValues = async (id: number) => {
    const response = await callRoute(
      rowsRoute.GET,
      { project: fx.project.name, name: group, version: "1" },
      {
        userId: fx.owner.id,
        query: { key: String(id) },
      },
    );
    expect(response.status, JSON.stringify(response.json)).toBe(200);
    return response.json.rows[0].values;
  };
  beforeAll(async () => {
    await api.createGroup(group, { ...PAYMENTS, onlineEnabled: true });
    expect((await api.insert(group, SEED)).status).toBe("SUCCEEDED");
  });

  it("refuses the load: the job FAILS naming rules and counts, no commit, no Delta version, no online row", async () => {
    await validation.saveSuite(group, "STRICT", [
      { type: "not_null", feature: "amount" },
      { type: "matches_regex", feature: "card_token", pattern: "^tok_" },
      { type: "in_set", feature: "currency", values: ["EUR", "USD"], severity: "warning" },
    ]);
    const row = await db.featureGroup.findFirstOrThrow({ where: { projectId: fx.project.id, name: group } });
    const before = {
      commits: await db.featureGroupCommit.count({ where: { featureGroupId: row.id } }),
      delta: await listCommits({ tablePath: row.tablePath }),
    };
    const job = await api.insert(group, LOAD());
    expect(job.status).toBe("FAILED");
    expect(job.error).toContain(
      "rule 1 not_null(amount): 1 failing row; rule 2 matches_regex(card_token): 1 failing row",
    );
    expect(job.error).not.toContain("rule 3");
    for (const value of ["bad!", "p1@example.com", "XXX", "-3"]) expect(job.error).not.toContain(value);
    expect(await db.featureGroupCommit.count({ where: { featureGroupId: row.id } })).toBe(before.commits);
    expect(await listCommits({ tablePath: row.tablePath })).toEqual(before.delta);
    expect(await onlineValues(10)).toBeNull();
    expect(await onlineValues(1)).not.toBeNull();
    expect((await api.preview(group)).json.rows).toHaveLength(4);

    const [report] = await validation.reports(group, { jobId: job.id });
    expect(report).toMatchObject({ outcome: "FAILED", written: false, commitVersion: null, policy: "STRICT" });
    expect(job.error).toContain(report.id);
    expect(report.results.map((result) => [result.success, result.failingRows])).toEqual([
      [false, 1],
      [false, 1],
      [false, 1],
    ]);
    // The job as an Auditor reads it: the same counts, no values.
    const auditor = fx.members[0];
    const seen = await callRoute(jobRoute.GET, { project: fx.project.name, jobId: job.id }, { userId: auditor.id });
    expect(seen.json.error).toContain("rule 2 matches_regex(card_token): 1 failing row");
  });

  it("writes a load whose only failures are warnings, and reports them", async () => {
    await validation.saveSuite(group, "STRICT", [
      { type: "in_set", feature: "currency", values: ["EUR"], severity: "warning" },
    ]);
    const job = await api.insert(group, [payment(20, 1, "USD", "z@example.com", "tok_zzzz")]);
    expect(job.status, job.error ?? "").toBe("SUCCEEDED");
    const [report] = await validation.reports(group, { jobId: job.id });
    expect(report).toMatchObject({ outcome: "WARNINGS", written: true });
    expect(await onlineValues(20)).not.toBeNull();
  });

  it("deletes by key under a STRICT suite: no suite runs, the delete is written and leaves no report", async () => {
    // Keys alone would fail both rules if a delete were judged like a load (no amount; one row, not 100).
    await validation.saveSuite(group, "STRICT", [
      { type: "not_null", feature: "amount" },
      { type: "row_count_between", min: 100 },
    ]);
    const row = await db.featureGroup.findFirstOrThrow({ where: { projectId: fx.project.id, name: group } });
    const reportsBefore = await db.validationReport.count({ where: { featureGroupId: row.id } });
    const rowsBefore = (await api.preview(group)).json.rows.length;
    const response = await callRoute(
      deleteRowsRoute.POST,
      { project: fx.project.name, name: group, version: "1" },
      { userId: fx.owner.id, method: "POST", body: { keys: [{ payment_id: 1 }] } },
    );
    expect(response.status, JSON.stringify(response.json)).toBe(202);
    const job = await waitForJobEnd(response.json.job.id);
    expect(job.status, job.error ?? "").toBe("SUCCEEDED");
    expect(job.result).toMatchObject({ validation: null });
    expect(await validation.reports(group, { jobId: job.id })).toEqual([]);
    expect(await db.validationReport.count({ where: { featureGroupId: row.id } })).toBe(reportsBefore);
    expect((await api.preview(group)).json.rows).toHaveLength(rowsBefore - 1);
    expect(await onlineValues(1)).toBeNull();
  });
});
