import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as jobsRoute from "@/app/api/v1/projects/[project]/jobs/route";
import * as jobRoute from "@/app/api/v1/projects/[project]/jobs/[jobId]/route";
import * as jobLogsRoute from "@/app/api/v1/projects/[project]/jobs/[jobId]/logs/route";
import * as insertRoute from "@/app/api/v1/projects/[project]/feature-groups/[name]/[version]/insert/route";
import * as uploadsRoute from "@/app/api/v1/projects/[project]/uploads/route";
import * as viewsRoute from "@/app/api/v1/projects/[project]/feature-views/route";
import * as datasetsRoute from "@/app/api/v1/projects/[project]/feature-views/[name]/[version]/training-datasets/route";
import * as datasetRoute from "@/app/api/v1/projects/[project]/training-datasets/[name]/[version]/route";
import { HIDDEN_VALUE } from "@/lib/feature-values";
import type { TRole } from "@/lib/scopes";
import { createApiKey } from "@/server/auth/api-keys";
import { db } from "@/server/db/client";
import { newId } from "@/server/ids";
import { stopBoss } from "@/server/jobs/boss";
import { startWorker, type TWorker } from "@/server/jobs/worker";
import { WORKER_RUNNERS } from "@/server/jobs/worker-runners";
import { createFeatureGroup } from "@/server/registry/feature-groups";
import { accessFor, callRoute, createTestProject, createTestUser, userContext, waitForJobEnd } from "@/test/helpers";

// The Auditor (and any key without featureData:read) reads metadata, never feature values: a failed ingest's
// error and log quote the offending value, and a training dataset's fitted statistics are aggregates of values.
// Both are shown to readers with featureData:read and hidden from the rest, on every route that returns them.

const SECRET = "SECRET_VALUE";
const SECRET_CATEGORY = "secret_category";

let worker: TWorker;
let project: Awaited<ReturnType<typeof createTestProject>>;
const members = {} as Record<TRole, Awaited<ReturnType<typeof createTestUser>>>;
const keys: { withValues: string; metadataOnly: string } = { withValues: "", metadataOnly: "" };
let failedJobId: string;
let checkJobId: string;

const upload = async (userId: string, csv: string) => {
  const response = await callRoute(
    uploadsRoute.POST,
    { project: project.name },
    {
      userId,
      method: "POST",
      query: { fileName: "payments.csv" },
      rawBody: csv,
    },
  );
  expect(response.status, JSON.stringify(response.json)).toBe(201);
  return response.json.id as string;
};

const postAsOwner = (handler: Parameters<typeof callRoute>[0], params: Record<string, string>, body: unknown) =>
  callRoute(handler, { project: project.name, ...params }, { userId: members.OWNER.id, method: "POST", body });

beforeAll(async () => {
  for (const role of ["OWNER", "EDITOR", "VIEWER", "AUDITOR"] as const) members[role] = await createTestUser();
  project = await createTestProject({
    members: Object.entries(members).map(([role, user]) => ({ userId: user.id, role: role as TRole })),
  });
  worker = await startWorker({
    runners: WORKER_RUNNERS,
    types: ["ingest", "training-dataset"],
    schedules: false,
    superviseIntervalSeconds: 1,
  });
  const owner = members.OWNER;
  const ctx = userContext(owner);
  const access = accessFor(project, "OWNER");
  const metadata = ["jobs:read", "trainingDatasets:read", "featureGroups:read"];
  keys.withValues = (
    await createApiKey({ ctx, access, name: "values", scopes: [...metadata, "featureData:read"] })
  ).secret;
  keys.metadataOnly = (await createApiKey({ ctx, access, name: "metadata", scopes: metadata })).secret;

  await createFeatureGroup({
    ctx,
    access,
    input: {
      name: "payments",
      primaryKey: ["payment_id"],
      eventTime: "event_time",
      features: [
        { name: "payment_id", type: "bigint" },
        { name: "amount", type: "double" },
        { name: "category", type: "string" },
        { name: "event_time", type: "timestamp" },
      ],
    },
  });
  const insertRows = async (body: unknown) => {
    const inserted = await postAsOwner(insertRoute.POST, { name: "payments", version: "1" }, body);
    expect(inserted.status, JSON.stringify(inserted.json)).toBe(202);
    return { jobId: inserted.json.job.id as string, job: await waitForJobEnd(inserted.json.job.id) };
  };
  const loaded = await insertRows({
    rows: [
      { payment_id: 1, amount: 12.5, category: SECRET_CATEGORY, event_time: "2026-01-02T00:00:00Z" },
      { payment_id: 2, amount: 40, category: "food", event_time: "2026-01-03T00:00:00Z" },
    ],
  });
  expect(loaded.job.status).toBe("SUCCEEDED");

  // A failed ingest: row 2's amount is not a double, and the refusal quotes it.
  const uploadId = await upload(
    owner.id,
    `payment_id,amount,category,event_time\n3,1.5,food,2026-01-04\n4,${SECRET},food,2026-01-04\n`,
  );
  const failed = await insertRows({ uploadId });
  expect(failed.job.status).toBe("FAILED");
  failedJobId = failed.jobId;

  // A finished online consistency check whose mismatch examples quote values (its result, as the runner writes it).
  checkJobId = (
    await db.job.create({
      data: {
        id: newId("job"),
        projectId: project.id,
        type: "online-consistency-check",
        status: "SUCCEEDED",
        payload: {},
        result: {
          keysChecked: 1,
          matching: 0,
          examples: [{ kind: "different", key: { payment_id: "1" }, offline: { values: { category: SECRET } } }],
        },
      },
    })
  ).id;

  // A training dataset with fitted statistics (a scaler's min/max, an encoder's vocabulary).
  const view = await postAsOwner(
    viewsRoute.POST,
    {},
    {
      name: "spend",
      root: { featureGroup: { name: "payments", version: 1 } },
      transformations: [
        { feature: "amount", type: "min_max_scaler" },
        { feature: "category", type: "one_hot_encoder" },
      ],
    },
  );
  expect(view.status, JSON.stringify(view.json)).toBe(201);
  const dataset = await postAsOwner(
    datasetsRoute.POST,
    { name: "spend", version: "1" },
    {
      name: "spend_td",
      spine: { type: "timeRange", start: "2026-01-01T00:00:00Z", end: "2026-01-10T00:00:00Z" },
    },
  );
  expect(dataset.status, JSON.stringify(dataset.json)).toBe(202);
  expect((await waitForJobEnd(dataset.json.job.id)).status).toBe("SUCCEEDED");
});

afterAll(async () => {
  await worker.stop({ graceMs: 1000 });
  await stopBoss();
});

type TReader = { label: string; seesValues: boolean; auth: () => { userId?: string; apiKey?: string } };
const readers: TReader[] = [
  ...(["OWNER", "EDITOR", "VIEWER"] as const).map((role) => ({
    label: role,
    seesValues: true,
    auth: () => ({ userId: members[role].id }),
  })),
  { label: "AUDITOR", seesValues: false, auth: () => ({ userId: members.AUDITOR.id }) },
  { label: "API key with featureData:read", seesValues: true, auth: () => ({ apiKey: keys.withValues }) },
  { label: "API key without featureData:read", seesValues: false, auth: () => ({ apiKey: keys.metadataOnly }) },
];

describe.each(readers)("$label", ({ seesValues, auth }) => {
  const expectValue = (text: string) => {
    if (seesValues) {
      expect(text).toContain(`"${SECRET}"`);
      expect(text).not.toContain(HIDDEN_VALUE);
    } else {
      expect(text).not.toContain(SECRET);
      expect(text).toContain(HIDDEN_VALUE);
    }
    // Nobody ever sees the marks themselves.
    expect(text).not.toMatch(/[\uE000\uE001]/);
  };

  it("reads a failed ingest's error in the jobs list and the job detail with values only by featureData:read", async () => {
    const list = await callRoute(jobsRoute.GET, { project: project.name }, { ...auth(), query: { status: "FAILED" } });
    expect(list.status).toBe(200);
    const listed = list.json.jobs.find((job: { id: string }) => job.id === failedJobId);
    expect(listed.error).toMatch(/Column 'amount': 1 row with values that are not double \(rows 2: /);
    expectValue(listed.error);
    const detail = await callRoute(jobRoute.GET, { project: project.name, jobId: failedJobId }, auth());
    expect(detail.status).toBe(200);
    expect(detail.json.error).toBe(listed.error);
  });

  it("reads the failed ingest's log lines the same way", async () => {
    const logs = await callRoute(jobLogsRoute.GET, { project: project.name, jobId: failedJobId }, auth());
    expect(logs.status).toBe(200);
    const quoting = logs.json.logs.filter((line: { message: string }) => /rows 2: /.test(line.message));
    expect(quoting.length).toBeGreaterThan(0);
    for (const line of quoting) expectValue(line.message);
  });

  it("reads a consistency check's mismatch examples only by featureData:read (the counts always)", async () => {
    const detail = await callRoute(jobRoute.GET, { project: project.name, jobId: checkJobId }, auth());
    expect(detail.status).toBe(200);
    expect(detail.json.result).toMatchObject({ keysChecked: 1, matching: 0 });
    expect(JSON.stringify(detail.json).includes(SECRET)).toBe(seesValues);
  });

  it("reads a training dataset's fitted statistics only by featureData:read (which transformation, always)", async () => {
    const dataset = await callRoute(
      datasetRoute.GET,
      { project: project.name, name: "spend_td", version: "1" },
      auth(),
    );
    expect(dataset.status).toBe(200);
    const statistics = dataset.json.transformationStatistics;
    if (seesValues) {
      expect(statistics.amount).toMatchObject({ type: "min_max_scaler", min: 12.5, max: 40 });
      expect(statistics.category.vocabulary).toEqual(expect.arrayContaining([SECRET_CATEGORY, "food"]));
    } else {
      expect(statistics).toEqual({ amount: { type: "min_max_scaler" }, category: { type: "one_hot_encoder" } });
      expect(JSON.stringify(dataset.json)).not.toContain(SECRET_CATEGORY);
    }
  });
});

it("stores the value marked, so that the marking cannot be forgotten on some later route", async () => {
  const job = await db.job.findUniqueOrThrow({ where: { id: failedJobId } });
  expect(job.error).toContain(`\uE000"${SECRET}"\uE001`);
});
