import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { useOwnedProject } from "@/test/fixtures/test-project";
import { featureGroupApi } from "@/test/fixtures/feature-group-api";
import { PAYMENTS, validationApi } from "@/test/fixtures/validation";

// The suite's API: bad rules are refused whole (422 naming the field, nothing saved), a suite runs on demand
// against any commit (a validation job: 202, then the job's report), and reports show failing values only to
// readers of feature values.

const fx = useOwnedProject({ roles: ["VIEWER", "AUDITOR"], workerTypes: ["ingest", "validation"] });
const api = featureGroupApi(fx);
const validation = validationApi(fx);
const GROUP = "payments_api";
const row = (id: number, amount: number | null, email: string) => ({
  payment_id: id,
  paid_at: "2026-01-01T00:00:00Z",
  amount,
  currency: "EUR",
  email,
  card_token: "tok_abcd",
});

beforeAll(async () => {
  await api.createGroup(GROUP, PAYMENTS);
});

describe("bad suites: 422 naming the field, nothing saved", () => {
  it.each([
    ["an unknown feature", { type: "not_null", feature: "nope" }, "rules.1.feature"],
    ["a bound of the wrong type", { type: "between", feature: "amount", min: 0, max: "10" }, "rules.1.max"],
    ["an inverted range", { type: "between", feature: "amount", min: 10, max: 1 }, "rules.1.max"],
    [
      "an empty exclusive range",
      { type: "between", feature: "amount", min: 1, max: 1, minInclusive: false },
      "rules.1.max",
    ],
    ["a range without bounds", { type: "mean_between", feature: "amount" }, "rules.1.min"],
    ["a fraction above 1", { type: "null_fraction_between", feature: "amount", max: 2 }, "rules.1.max"],
    ["a numeric rule on a string", { type: "between", feature: "currency", min: 0 }, "rules.1.feature"],
    ["a regex on a number", { type: "matches_regex", feature: "amount", pattern: "^1" }, "rules.1.feature"],
    ["set values of the wrong type", { type: "in_set", feature: "payment_id", values: [1, "2"] }, "rules.1.values.1"],
    [
      "a non-integer for a bigint set",
      { type: "not_in_set", feature: "payment_id", values: [1.5] },
      "rules.1.values.0",
    ],
    ["a malformed regex", { type: "matches_regex", feature: "email", pattern: "[a-" }, "rules.1.pattern"],
    // JavaScript's RegExp takes a lookbehind; DuckDB's RE2, which runs the rule, does not.
    ["a regex RE2 refuses", { type: "matches_regex", feature: "email", pattern: "(?<=@)example" }, "rules.1.pattern"],
    ["freshness on a string", { type: "freshness", feature: "email", maxAgeSeconds: 60 }, "rules.1.feature"],
    ["a negative age", { type: "freshness", feature: "paid_at", maxAgeSeconds: -1 }, "rules.1.maxAgeSeconds"],
    ["an unknown rule type", { type: "looks_fine", feature: "amount" }, "rules.1.type"],
    ["an unknown severity", { type: "not_null", feature: "amount", severity: "fatal" }, "rules.1.severity"],
  ])("%s", async (_what, rule, field) => {
    const response = await validation.putSuite(GROUP, {
      policy: "STRICT",
      rules: [{ type: "not_null", feature: "amount" }, rule],
    });
    expect(response.status, JSON.stringify(response.json)).toBe(422);
    expect(response.json.errors.map((error: { path: string }) => error.path)).toContain(field);
    expect((await validation.getSuite(GROUP)).status).toBe(404);
  });

  it("refuses an unknown policy", async () => {
    const response = await validation.putSuite(GROUP, { policy: "SOMETIMES", rules: [] });
    expect(response.status).toBe(422);
    expect(response.json.errors[0].path).toBe("policy");
  });
});

describe("suites by role", () => {
  it("lets an editor's scope save the suite and everyone with metadata read it; an Auditor cannot change it", async () => {
    const saved = await validation.saveSuite(GROUP, "ALWAYS", [{ type: "unique", feature: "email" }]);
    expect(saved).toMatchObject({ policy: "ALWAYS", rules: [{ type: "unique", scope: "load", severity: "error" }] });
    expect(saved.updatedBy).toBe(fx.owner.email);
    const auditor = fx.members[1];
    expect((await validation.getSuite(GROUP, auditor.id)).json.rules).toHaveLength(1);
    const refused = await validation.putSuite(GROUP, { policy: "STRICT", rules: [] }, auditor.id);
    expect(refused.status).toBe(403);
    expect(
      await db.auditEvent.count({ where: { action: "featureGroup.validationSuite.update", projectId: fx.project.id } }),
    ).toBe(1);
  });
});

describe("on-demand runs and redaction", () => {
  let firstCommit: number;
  beforeAll(async () => {
    await validation.saveSuite(GROUP, "ALWAYS", [
      { type: "not_null", feature: "amount" },
      { type: "mean_between", feature: "amount", max: 100 },
      { type: "unique", feature: "email", scope: "table" },
    ]);
    // Commit 1 has a NULL amount and a duplicate email; commit 2 repairs both (upsert on the same keys).
    const first = await api.insert(GROUP, [row(1, null, "a@example.com"), row(2, 500, "a@example.com")]);
    expect(first.status, first.error ?? "").toBe("SUCCEEDED");
    firstCommit = (first.result as { version: number }).version;
    const second = await api.insert(GROUP, [row(1, 5, "a@example.com"), row(2, 7, "b@example.com")]);
    expect(second.status, second.error ?? "").toBe("SUCCEEDED");
  });

  it("runs against an older commit as a job: 202, then a report of its snapshot linked to the job", async () => {
    const older = await validation.runToReport(GROUP, { commitVersion: firstCommit });
    expect(older.response.job).toMatchObject({ type: "validation", status: "QUEUED", id: older.job.id });
    expect(older.job).toMatchObject({ progress: 1, featureGroupId: expect.any(String) });
    expect(older.job.result).toMatchObject({ outcome: "FAILED", commitVersion: firstCommit, rowCount: 2 });
    expect(older.report).toMatchObject({
      trigger: "ON_DEMAND",
      commitVersion: firstCommit,
      outcome: "FAILED",
      rowCount: 2,
      jobId: older.job.id,
    });
    expect(older.report.results.map((result) => result.failingRows)).toEqual([1, 0, 2]);
    expect(older.report.results[1].observed).toBe(500);

    const latest = await validation.runToReport(GROUP, {});
    expect(latest.report).toMatchObject({ commitVersion: firstCommit + 1, outcome: "PASSED" });
    expect(latest.report.results[1].observed).toBe(6);
    const listed = await validation.reports(GROUP, { commitVersion: String(firstCommit) });
    expect(listed.map((report) => report.trigger).sort()).toEqual(["INGEST", "ON_DEMAND"]);
    // Each job recorded exactly one report, and its result holds counts, never a value.
    expect(await validation.reports(GROUP, { jobId: older.job.id })).toHaveLength(1);
    expect(JSON.stringify(older.job.result)).not.toContain("a@example.com");
  });

  it("refuses a commit that does not exist as the caller's field", async () => {
    const response = await validation.run(GROUP, { commitVersion: 999 });
    expect(response.status).toBe(422);
    expect(response.json.errors[0].path).toBe("commitVersion");
  });

  it("shows failing values to a Viewer and only counts and pass/fail to an Auditor", async () => {
    const [report] = await validation.reports(GROUP, { commitVersion: String(firstCommit) });
    expect(report.trigger).toBe("ON_DEMAND");
    const [viewer, auditor] = fx.members;
    const asViewer = (await validation.report(GROUP, report.id, viewer.id)).json;
    expect(asViewer.results[0].failingSamples).toEqual([
      { payment_id: "1", paid_at: expect.any(String), amount: null },
    ]);
    expect(asViewer.results[1]).toMatchObject({ observed: 500, observedHidden: false });
    const asAuditor = (await validation.report(GROUP, report.id, auditor.id)).json;
    expect(
      asAuditor.results.map((result: { success: boolean; failingRows: number }) => [
        result.success,
        result.failingRows,
      ]),
    ).toEqual([
      [false, 1],
      [false, 0],
      [false, 2],
    ]);
    expect(asAuditor.results[0]).toMatchObject({ failingSamples: [], samplesHidden: true, observed: 0.5 });
    expect(asAuditor.results[1]).toMatchObject({ observed: null, observedHidden: true });
    const listed = await validation.reports(GROUP, {}, auditor.id);
    expect(JSON.stringify(listed)).not.toContain("a@example.com");
  });

  it("is refused to an Auditor (it records a report) and audited for others", async () => {
    expect((await validation.run(GROUP, {}, fx.members[1].id)).status).toBe(403);
    const runs = await db.auditEvent.count({
      where: { action: "featureGroup.validationSuite.run", projectId: fx.project.id },
    });
    expect(runs).toBe(2);
  });
});
