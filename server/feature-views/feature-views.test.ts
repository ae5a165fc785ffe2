import { existsSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as viewsRoute from "@/app/api/v1/projects/[project]/feature-views/route";
import * as batchRoute from "@/app/api/v1/projects/[project]/feature-views/[name]/[version]/batch-data/route";
import { db } from "@/server/db/client";
import { getDataDir } from "@/server/env";
import { callRoute } from "@/test/helpers";

import { FRAUD_VIEW, iso, setUpFraudProject } from "@/test/fixtures/fraud-project";
import { useTestWorker, type TTestProject, type TTestUser } from "@/test/fixtures/test-project";
import { featureList } from "@/test/fixtures/test-project";

// Feature views end to end: definitions and their 422s, batch data with request parameters computing on-demand
// features, and the dependencies of views on feature groups. Training datasets: training-datasets.test.ts.

let owner: TTestUser;
let auditor: TTestUser;
let project: TTestProject;
beforeAll(async () => {
  ({ owner, auditor, project } = await setUpFraudProject());
});
useTestWorker(["training-dataset"]);

const post = (handler: typeof viewsRoute.POST, params: Record<string, string>, body: unknown, userId = owner.id) =>
  callRoute(handler, { project: project.name, ...params }, { userId, method: "POST", body });

describe("feature views", () => {
  it("creates a view with serving keys, joined features, labels and lineage", async () => {
    const created = await post(viewsRoute.POST, {}, FRAUD_VIEW);
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    expect(created.json).toMatchObject({
      name: "fraud",
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
    expect(await db.featureViewSource.count({ where: { featureView: { projectId: project.id, name: "fraud" } } })).toBe(
      3,
    );
    const again = await post(viewsRoute.POST, {}, FRAUD_VIEW);
    expect(again.json.version).toBe(2);
    const list = await callRoute(viewsRoute.GET, { project: project.name }, { userId: auditor.id });
    expect(list.json.featureViews.length).toBe(2);
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
        requestParameters: featureList({ now: "timestamp", factor: "double", channel: "string" }),
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
    const created = await post(viewsRoute.POST, {}, { ...FRAUD_VIEW, name: "fraud_dependency" });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const refused = await callRoute(
      groupRoute.DELETE,
      { project: project.name, name: "cards", version: "1" },
      { userId: owner.id, method: "DELETE" },
    );
    expect(refused.status).toBe(409);
    expect(refused.json.detail).toContain("fraud_dependency v1");
    expect(await db.featureGroup.count({ where: { projectId: project.id, name: "cards" } })).toBe(1);
    const deleted = await callRoute(
      projectRoute.DELETE,
      { project: project.name },
      { userId: owner.id, method: "DELETE", body: { confirm: project.name } },
    );
    expect(deleted.status).toBe(204);
    expect(await db.featureView.count({ where: { projectId: project.id } })).toBe(0);
    expect(await db.featureGroup.count({ where: { projectId: project.id } })).toBe(0);
    expect(existsSync(path.join(getDataDir(), "projects", project.id))).toBe(false);
  });
});
