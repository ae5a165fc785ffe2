import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createFeatureView } from "@/server/feature-views";
import { newId } from "@/server/ids";
import { getOnlineStore, toOnlineGroup } from "@/server/online-store";
import { createFeatureGroup } from "@/server/registry/feature-groups";
import { CARDS_GROUP } from "@/test/fixtures/api-project";
import { commitRows, createOwnedProject } from "@/test/fixtures/test-project";
import { aggregateUsage } from "./aggregate";

// Usage figures against known activity (docs/usage.md): files of known sizes on disk, online rows, jobs with known
// start and end times, training datasets of known split sizes, serving minutes and shares; then every figure the
// usage job writes for three days (two past days of totals, today with the stores' gauges). The API, CSV and roles
// are in usage-api.test.ts.

type TFixture = Awaited<ReturnType<typeof createOwnedProject>>;
let home: TFixture;
let other: TFixture;
let cardsId: string;
let viewId: string;
const DAY = 86_400_000;
const today = new Date().toISOString().slice(0, 10);
const dayOf = (offset: number) => new Date(Date.parse(today) + offset * DAY).toISOString().slice(0, 10);
const at = (offset: number, time: string) => new Date(`${dayOf(offset)}T${time}Z`);
const Y = dayOf(-1);
const Y2 = dayOf(-2);

const parquetSizes = async (dir: string): Promise<Map<string, number>> => {
  const sizes = new Map<string, number>();
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const full = path.join(entry.parentPath, entry.name);
    if (entry.isFile() && entry.name.endsWith(".parquet") && !full.includes("_delta_log"))
      sizes.set(full, (await stat(full)).size);
  }
  return sizes;
};
const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);
let liveBytes = 0;
let historyBytes = 0;

const job = (
  projectId: string,
  type: string,
  startedAt: Date | null,
  finishedAt: Date | null,
  featureGroupId?: string,
) =>
  db.job.create({
    data: {
      id: newId("job"),
      projectId,
      type,
      status: finishedAt ? "SUCCEEDED" : "QUEUED",
      startedAt,
      finishedAt,
      featureGroupId,
    },
  });

beforeAll(async () => {
  home = await createOwnedProject();
  other = await createOwnedProject();
  // The project existed three days ago, so that the days before today are computed.
  await db.project.update({ where: { id: home.project.id }, data: { createdAt: at(-3, "00:00:00") } });
  const cards = await createFeatureGroup({ ctx: home.ctx, access: home.access, input: CARDS_GROUP as never });
  cardsId = cards.id as string;
  const columns = "card_id, card_type, amount, updated_at";
  await commitRows(
    home.project.id,
    "cards",
    "(1::BIGINT, 'visa', 10.5::DOUBLE, TIMESTAMPTZ '2026-01-01 10:00:00+00')",
    columns,
  );
  const group = await db.featureGroup.findUniqueOrThrow({ where: { id: cardsId }, include: { features: true } });
  const first = await parquetSizes(group.tablePath);
  // An upsert of the same key and event time rewrites the file: the first file becomes time-travel history.
  await commitRows(
    home.project.id,
    "cards",
    "(1::BIGINT, 'amex', 11.5::DOUBLE, TIMESTAMPTZ '2026-01-01 10:00:00+00')",
    columns,
  );
  const second = await parquetSizes(group.tablePath);
  liveBytes = sum([...second].filter(([file]) => !first.has(file)).map(([, size]) => size));
  historyBytes = sum(first.values());
  expect(liveBytes).toBeGreaterThan(0);
  expect(historyBytes).toBeGreaterThan(0);
  await getOnlineStore().upsertRows({
    group: toOnlineGroup(group),
    rows: [1, 2, 3].map((id) => ({ key: [String(id)], eventTimeUs: 1_000_000 * id, values: ["visa", "1.5"] })),
  });

  // Jobs: 90 s of ingest on cards yesterday; a materialization across midnight (60 s each day); 45 s of training;
  // a queued job (never started) and another project's job count for nothing here.
  await job(home.project.id, "ingest", at(-1, "10:00:00"), at(-1, "10:01:30"), cardsId);
  await job(home.project.id, "materialize", at(-2, "23:59:00"), at(-1, "00:01:00"), cardsId);
  await job(home.project.id, "training-dataset", at(-1, "12:00:00"), at(-1, "12:00:45"));
  await job(home.project.id, "ingest", null, null, cardsId);
  await job(other.project.id, "ingest", at(-1, "10:00:00"), at(-1, "11:00:00"));

  const view = await createFeatureView({
    ctx: home.ctx,
    access: home.access,
    input: { name: "cards_view", root: { featureGroup: { name: "cards", version: 1 } } },
  });
  viewId = view.id as string;
  await db.trainingDataset.create({
    data: {
      id: newId("td"),
      projectId: home.project.id,
      featureViewId: viewId,
      featureViewName: "cards_view",
      featureViewVersion: 1,
      name: "cards_td",
      version: 1,
      status: "READY",
      format: "parquet",
      spine: {},
      split: {},
      path: "/nowhere",
      finishedAt: at(-1, "12:00:45"),
      splits: {
        create: [
          { id: newId("tds"), name: "train", rowCount: 8, sizeBytes: 1000, path: "/nowhere/train" },
          { id: newId("tds"), name: "test", rowCount: 2, sizeBytes: 234, path: "/nowhere/test" },
        ],
      },
    },
  });
  const minute = (when: Date, requests: number, vectors: number) => ({
    featureViewId: viewId,
    minute: when,
    requests,
    vectors,
    errors: 0,
    clientErrors: 0,
    latencyBuckets: [],
    latencySumMs: 0,
    groups: [],
  });
  await db.servingMetricMinute.createMany({
    data: [minute(at(-1, "10:00:00"), 5, 7), minute(at(-1, "23:59:00"), 3, 4), minute(at(0, "00:00:00"), 100, 100)],
  });

  // Shares: one in force since two days ago, one revoked yesterday, one still pending.
  const share = (status: string, decidedAt: Date | null, revokedAt: Date | null) =>
    db.share.create({
      data: {
        id: newId("shr"),
        homeProjectId: home.project.id,
        receiverProjectId: other.project.id,
        scope: "ITEMS",
        level: "READ",
        status,
        decidedAt,
        revokedAt,
        items: { create: [{ id: newId("shi"), kind: "featureGroup", featureGroupId: cardsId }] },
      },
    });
  await share("ACCEPTED", at(-2, "12:00:00"), null);
  await share("REVOKED", at(-2, "13:00:00"), at(-1, "12:00:00"));
  await share("PENDING", null, null);
});

const figures = async (projectId: string) =>
  (await db.usageDaily.findMany({ where: { projectId } })).map((row) => ({
    day: row.day.toISOString().slice(0, 10),
    kind: row.subjectKind,
    subject: row.subjectId,
    metric: row.metric,
    value: row.value,
  }));
const value = (rows: Awaited<ReturnType<typeof figures>>, day: string, subject: string, metric: string) =>
  rows.find((row) => row.day === day && row.subject === subject && row.metric === metric)?.value;

describe("the usage aggregation", () => {
  it("computes each figure from the recorded activity", async () => {
    const result = await aggregateUsage({ projectId: home.project.id, from: dayOf(-5), to: dayOf(3) });
    // Days before the project existed and after today are skipped.
    expect(result.days).toEqual([dayOf(-3), Y2, Y, today]);
    const rows = await figures(home.project.id);
    const p = home.project.id;
    expect(value(rows, Y, p, "jobs.seconds.ingest")).toBe(90);
    expect(value(rows, Y, cardsId, "jobs.seconds.ingest")).toBe(90);
    expect(value(rows, Y, p, "jobs.seconds.materialize")).toBe(60);
    expect(value(rows, Y2, p, "jobs.seconds.materialize")).toBe(60);
    expect(value(rows, Y2, cardsId, "jobs.seconds.materialize")).toBe(60);
    expect(value(rows, Y, p, "jobs.seconds.training-dataset")).toBe(45);
    expect(value(rows, Y, p, "training.datasets")).toBe(1);
    expect(value(rows, Y, p, "training.bytes")).toBe(1234);
    expect(value(rows, Y, viewId, "training.bytes")).toBe(1234);
    expect(value(rows, Y2, p, "training.datasets")).toBe(0);
    expect(value(rows, Y, p, "serving.requests")).toBe(8);
    expect(value(rows, Y, viewId, "serving.vectors")).toBe(11);
    expect(value(rows, today, viewId, "serving.requests")).toBe(100);
    expect(value(rows, dayOf(-3), p, "shares.out")).toBe(0);
    expect(value(rows, Y2, p, "shares.out")).toBe(2);
    expect(value(rows, Y, p, "shares.out")).toBe(1);
    expect(value(rows, today, p, "shares.out")).toBe(1);
    // Gauges: today only, exact sizes of the files on disk; three keys online.
    expect(value(rows, today, cardsId, "storage.liveBytes")).toBe(liveBytes);
    expect(value(rows, today, cardsId, "storage.historyBytes")).toBe(historyBytes);
    expect(value(rows, today, p, "storage.liveBytes")).toBe(liveBytes);
    expect(value(rows, today, cardsId, "online.keys")).toBe(3);
    expect(value(rows, today, cardsId, "online.bytes")).toBeGreaterThan(0);
    expect(value(rows, Y, cardsId, "storage.liveBytes")).toBeUndefined();
    // Nothing of the other project's activity.
    expect(rows.filter((row) => row.metric === "jobs.seconds.ingest").map((row) => row.value)).toEqual([90, 90]);
    expect(value(await figures(other.project.id), Y, other.project.id, "jobs.seconds.ingest")).toBeUndefined();
  });

  it("gives the same rows when run again, and keeps past days' gauges when a later run cannot measure them", async () => {
    const sorted = async () =>
      (await figures(home.project.id)).sort((a, b) =>
        `${a.day}${a.subject}${a.metric}`.localeCompare(`${b.day}${b.subject}${b.metric}`),
      );
    const before = await sorted();
    await aggregateUsage({ projectId: home.project.id, from: dayOf(-3), to: today });
    expect(await sorted()).toEqual(before);
    // A gauge measured on a past day stays when that day is recomputed later.
    await db.usageDaily.create({
      data: {
        day: new Date(Y),
        projectId: home.project.id,
        subjectKind: "project",
        subjectId: home.project.id,
        subjectName: home.project.name,
        metric: "storage.liveBytes",
        value: 42,
      },
    });
    await aggregateUsage({ projectId: home.project.id, from: Y, to: Y });
    expect(value(await figures(home.project.id), Y, home.project.id, "storage.liveBytes")).toBe(42);
  });

  it("leaves no partial day when cancelled: each day is as it was or complete", async () => {
    await db.usageDaily.deleteMany({ where: { projectId: home.project.id } });
    const controller = new AbortController();
    await expect(
      aggregateUsage({
        projectId: home.project.id,
        from: Y2,
        to: today,
        signal: controller.signal,
        onDay: () => controller.abort(),
      }),
    ).rejects.toThrow();
    const rows = await figures(home.project.id);
    expect([...new Set(rows.map((row) => row.day))]).toEqual([Y2]);
    expect(value(rows, Y2, home.project.id, "jobs.seconds.materialize")).toBe(60);
    expect(value(rows, Y2, home.project.id, "shares.out")).toBe(2);
  });
});
