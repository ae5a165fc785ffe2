import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { beforeAll, describe, expect, it } from "vitest";
import { piiFlowCsv } from "@/lib/api/lineage";
import { db } from "@/server/db/client";
import { downloadSplit } from "@/test/fixtures/fraud-project";
import { setUpFraudLineage } from "@/test/fixtures/lineage";
import { tagsApi } from "@/test/fixtures/tags";
import { createTestUser } from "@/test/helpers";
import { addMember } from "@/server/registry/members";

// PII along the lineage (tags on features propagate to view and dataset columns, de-identifying edges stop them),
// where PII goes with who read it, impact analysis, and the OpenLineage export checked against the published schema.

let fx: Awaited<ReturnType<typeof setUpFraudLineage>>;
let editor: Awaited<ReturnType<typeof createTestUser>>;
const PII = { tags: [{ schema: "pii", value: { category: "financial" } }], keywords: [] };
const amount = () => ({ project: fx.project.name, name: "transactions", feature: "amount" });
const column = (
  graph: { nodes: { kind: string; columns: { name: string; pii: string[] }[] }[] },
  kind: string,
  name: string,
) => graph.nodes.find((n) => n.kind === kind)!.columns.find((c) => c.name === name)!.pii;

beforeAll(async () => {
  fx = await setUpFraudLineage();
  editor = await createTestUser();
  await addMember({ ctx: fx.ctx, access: fx.access, email: editor.email, role: "EDITOR" });
}, 120_000);

describe("PII along the lineage", () => {
  it("reaches view and dataset columns from a tagged feature, at once, and stops at a de-identifying edge", async () => {
    const query = { kind: "feature_view", name: "fraud", version: "1" };
    expect(column((await fx.api.graph(fx.owner.id, query)).json, "feature_view", "amount")).toEqual([]);
    await tagsApi.set(fx.owner.id, amount(), PII);
    const graph = (await fx.api.graph(fx.owner.id, query)).json;
    expect(column(graph, "feature_view", "amount")).toEqual(["transactions.amount"]);
    expect(column(graph, "feature_view", "amount_to_limit")).toEqual(["transactions.amount"]);
    expect(column(graph, "training_dataset", "amount_to_limit")).toEqual(["transactions.amount"]);
    expect(column(graph, "training_dataset", "category")).toEqual([]);
    expect(graph.nodes.find((n: { kind: string }) => n.kind === "training_dataset").pii).toEqual([
      "transactions.amount",
    ]);
    const onDemand = graph.edges.find(
      (e: { fromColumn: string; toColumn: string }) => e.fromColumn === "amount" && e.toColumn === "amount_to_limit",
    );
    expect(onDemand.pii).toEqual(["transactions.amount"]);

    // Only the owner may mark an edge de-identifying, and only with a reason.
    expect((await fx.api.deidentify(editor.id, onDemand.id, { deidentifying: true, reason: "ratio" })).status).toBe(
      403,
    );
    const noReason = await fx.api.deidentify(fx.owner.id, onDemand.id, { deidentifying: true });
    expect(noReason.status).toBe(422);
    expect(noReason.json.errors.map((e: { path: string }) => e.path)).toEqual(["reason"]);
    const marked = await fx.api.deidentify(fx.owner.id, onDemand.id, {
      deidentifying: true,
      reason: "a ratio to the limit",
    });
    expect(marked.status, JSON.stringify(marked.json)).toBe(200);
    const after = (await fx.api.graph(fx.owner.id, query)).json;
    expect(column(after, "feature_view", "amount_to_limit")).toEqual([]);
    expect(column(after, "training_dataset", "amount_to_limit")).toEqual([]);
    expect(column(after, "training_dataset", "amount")).toEqual(["transactions.amount"]);
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { projectId: fx.project.id, action: "lineage.edge.deidentify" },
    });
    expect(audit).toMatchObject({ actorId: fx.owner.id, details: { reason: "a ratio to the limit" } });
    expect(audit.resourceName).toContain("amount_to_limit");

    // Untagging shows at once too.
    await tagsApi.set(fx.owner.id, amount(), { tags: [], keywords: [] });
    expect(column((await fx.api.graph(fx.owner.id, query)).json, "training_dataset", "amount")).toEqual([]);
    await tagsApi.set(fx.owner.id, amount(), PII);
  });

  it("is a table for Auditors of every column it reaches and who read it, exportable as CSV", async () => {
    const split = await db.trainingDatasetSplit.findFirstOrThrow({
      where: { trainingDatasetId: fx.trainingDataset.id },
    });
    const download = await downloadSplit(fx.project, {
      name: "fraud",
      version: 1,
      split: split.name,
      userId: fx.owner.id,
    });
    expect(download.status).toBe(200);
    const auditor = fx.auditor;
    const flow = await fx.api.pii(auditor.id, { group: "transactions", feature: "amount" });
    expect(flow.status, JSON.stringify(flow.json)).toBe(200);
    const rows = flow.json.rows as {
      source: string;
      kind: string;
      name: string;
      column: string;
      readers: { actor: string; reads: number }[];
    }[];
    const places = rows.map((r) => `${r.kind}:${r.name}.${r.column}`);
    expect(places).toEqual(expect.arrayContaining(["feature_view:fraud.amount", "training_dataset:fraud.amount"]));
    // The de-identified on-demand column is not reached.
    expect(places).not.toContain("feature_view:fraud.amount_to_limit");
    expect(rows.every((r) => r.source === "transactions.amount")).toBe(true);
    const dataset = rows.find((r) => r.kind === "training_dataset")!;
    expect(dataset.readers).toEqual([expect.objectContaining({ actor: fx.owner.email, reads: 1 })]);
    const csv = piiFlowCsv(flow.json.rows);
    expect(csv.split("\r\n")[0]).toBe("source,kind,name,version,column,reader,reads,last_read_at");
    expect(csv).toContain(`transactions.amount,training_dataset,fraud,1,amount,${fx.owner.email},1,`);
    // Who read what is the audit log's: a Viewer or Editor may not see it.
    expect((await fx.api.pii(editor.id)).status).toBe(403);
    expect((await fx.api.pii(auditor.id, { group: "ghost" })).status).toBe(404);
  });
});

describe("impact analysis", () => {
  it("lists what depends on a group, transitively", async () => {
    const impact = await fx.api.impact(fx.owner.id, { kind: "feature_group", name: "cards", version: "1" });
    expect(impact.status).toBe(200);
    expect(
      impact.json.dependents.map(
        (d: { kind: string; name: string; distance: number }) => `${d.kind}:${d.name}:${d.distance}`,
      ),
    ).toEqual(["feature_view:fraud:1", "training_dataset:fraud:2"]);
    expect(impact.json.summary).toBe("feature view fraud v1, training dataset fraud v1");
    expect((await fx.api.impact(fx.owner.id, { kind: "feature_group", name: "nope", version: "1" })).status).toBe(404);
  });
});

describe("OpenLineage export", () => {
  it("gives run events valid against the published schema, with column lineage", async () => {
    const root = path.resolve(process.cwd(), "../shared/openlineage/spec");
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    // The formats the schema uses, checked as ajv-formats would (not a dependency).
    ajv.addFormat("uuid", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    ajv.addFormat("date-time", (value: string) => !Number.isNaN(Date.parse(value)) && /T/.test(value));
    ajv.addFormat("uri", /^[a-z][a-z0-9+.-]*:[^\s]*$/i);
    const core = JSON.parse(await readFile(path.join(root, "OpenLineage.json"), "utf8"));
    ajv.addSchema(core);
    const facets = new Map<string, object>();
    for (const file of await readdir(path.join(root, "facets"))) {
      const schema = JSON.parse(await readFile(path.join(root, "facets", file), "utf8"));
      ajv.addSchema(schema);
      facets.set(file.replace(/\.json$/, ""), schema);
    }
    const validateEvent = ajv.getSchema(core.$id)!;
    // As an ingest job and a materialization record them.
    const transactions = await db.featureGroup.findFirstOrThrow({
      where: { projectId: fx.project.id, name: "transactions" },
    });
    await db.featureGroupCommit.create({
      data: {
        id: `cmt_ol_${transactions.id}`,
        featureGroupId: transactions.id,
        deltaVersion: 1,
        committedAt: new Date(),
        operation: "WRITE",
      },
    });
    await db.job.create({
      data: {
        id: `job_ol_${transactions.id}`,
        projectId: fx.project.id,
        type: "materialize",
        status: "SUCCEEDED",
        featureGroupId: transactions.id,
        finishedAt: new Date(),
      },
    });
    const validateFacet = (name: string, facets: object) =>
      ajv.validate(`https://openlineage.io/spec/facets/1-2-0/${name}.json`, facets);
    const response = await fx.api.openLineage(fx.auditor.id);
    expect(response.status).toBe(200);
    const events = response.json.events as {
      job: { name: string };
      outputs: { name: string; facets: Record<string, object> }[];
    }[];
    for (const event of events) expect(validateEvent(event), JSON.stringify(validateEvent.errors)).toBe(true);
    // The validator does check: a Larder job id is not a run id.
    expect(validateEvent({ ...events[0], run: { runId: "job_1" } })).toBe(false);
    const jobs = events.map((e) => e.job.name.split(".")[0]);
    expect(new Set(jobs)).toEqual(new Set(["ingest", "training_dataset", "materialize"]));
    // One ingest run per commit of each group, one training run for the dataset.
    expect(jobs.filter((j) => j === "ingest")).toHaveLength(
      await db.featureGroupCommit.count({ where: { featureGroup: { projectId: fx.project.id } } }),
    );
    const training = events.find((e) => e.job.name === "training_dataset.fraud.v1")!;
    const output = training.outputs[0];
    expect(
      validateFacet("ColumnLineageDatasetFacet", { columnLineage: output.facets.columnLineage }),
      JSON.stringify(ajv.errors),
    ).toBe(true);
    expect(validateFacet("SchemaDatasetFacet", { schema: output.facets.schema }), JSON.stringify(ajv.errors)).toBe(
      true,
    );
    const fields = (
      output.facets.columnLineage as { fields: Record<string, { inputFields: { name: string; field: string }[] }> }
    ).fields;
    expect(fields.amount_to_limit.inputFields.map((f) => `${f.name}:${f.field}`).sort()).toEqual([
      "feature_groups.cards.v1:credit_limit",
      "feature_groups.transactions.v1:amount",
    ]);
    expect(facets.size).toBeGreaterThan(0);
  });
});
