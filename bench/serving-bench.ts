import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { queueRead, withLarderCommands } from "../server/online-store/redis-layout";
import type { TFloorConfig } from "./serving-floor";

// The feature-server benchmark's parts: a registry project with three online feature groups (20 features) and a
// feature view over them, rows written straight into the online store, the feature server and the floor as
// child processes, wrk (C, µs latency histogram) driving them over loopback, and raw Redis without HTTP.
// Server modules are imported lazily so the caller can point DATABASE_URL/REDIS_URL first.

const GROUPS = [
  {
    name: "bench_root",
    features: ["r1", "r2", "r3", "r4", "r5", "r6"].map((name) => ({ name, type: "double" })),
    extra: [{ name: "ts", type: "timestamp" }],
  },
  {
    name: "bench_b",
    features: [
      ...["b1", "b2", "b3", "b4", "b5"].map((name) => ({ name, type: "double" })),
      { name: "b6", type: "int" },
      { name: "b7", type: "string" },
    ],
    extra: [],
  },
  {
    name: "bench_c",
    features: [
      ...["c1", "c2", "c3", "c4", "c5", "c6"].map((name) => ({ name, type: "double" })),
      { name: "c7", type: "boolean" },
    ],
    extra: [],
  },
] as const;
// Rows per upsertRows call during setup (the store pipelines inside each call).
const SETUP_CHUNK_ROWS = 100_000;

const valueText = (type: string, id: number, index: number): string => {
  if (type === "double") return String(((id * (index + 7)) % 10_000) / 100);
  if (type === "int") return String((id * 31 + index) % 1000);
  if (type === "boolean") return id % 2 === 0 ? "true" : "false";
  return `s${id % 100}`;
};

export type TBenchSetup = {
  projectName: string;
  apiKey: string;
  floor: TFloorConfig;
  vectorPath: (batch: number) => string;
  setupSeconds: number;
  cleanup: () => Promise<void>;
};

export const setUpServingBench = async ({
  entities,
  kind,
  redisUrl,
  databaseUrl,
  log = () => {},
}: {
  entities: number;
  kind: "redis" | "postgres";
  redisUrl: string;
  databaseUrl: string;
  log?: (message: string) => void;
}): Promise<TBenchSetup> => {
  const started = Date.now();
  const { db } = await import("../server/db/client");
  const { newId } = await import("../server/ids");
  const { createFeatureGroup } = await import("../server/registry/feature-groups");
  const { createFeatureView } = await import("../server/feature-views");
  const { createApiKey } = await import("../server/auth/api-keys");
  const online = await import("../server/online-store");
  const { actAsOwner } = await import("../server/demo/owner-actor");
  const store =
    kind === "redis"
      ? online.createRedisOnlineStore({ url: redisUrl })
      : online.createPostgresOnlineStore({ connectionString: databaseUrl });
  online.setOnlineStore(store);
  const label = `bench_${randomBytes(4).toString("hex")}`;
  const user = await db.user.create({
    data: { id: newId("usr"), email: `${label}@example.test`, name: label, passwordHash: "x" },
  });
  const project = await db.project.create({ data: { id: newId("prj"), name: label } });
  await db.membership.create({ data: { projectId: project.id, userId: user.id, role: "OWNER" } });
  const { ctx, access } = await actAsOwner({ projectId: project.id, ownerId: user.id, userAgent: "bench" });
  const groups: ReturnType<typeof online.toOnlineGroup>[] = [];
  for (const [index, spec] of GROUPS.entries()) {
    await createFeatureGroup({
      ctx,
      access,
      input: {
        name: spec.name,
        onlineEnabled: true,
        primaryKey: ["entity_id"],
        eventTime: index === 0 ? "ts" : undefined,
        features: [{ name: "entity_id", type: "bigint" }, ...spec.extra, ...spec.features] as never,
      },
    });
    const row = await db.featureGroup.findFirstOrThrow({
      where: { projectId: project.id, name: spec.name },
      include: { features: { orderBy: { position: "asc" } } },
    });
    groups.push(online.toOnlineGroup(row));
  }
  await createFeatureView({
    ctx,
    access,
    input: {
      name: "bench",
      root: { featureGroup: { name: "bench_root", version: 1 }, features: GROUPS[0].features.map((f) => f.name) },
      joins: [{ featureGroup: { name: "bench_b", version: 1 } }, { featureGroup: { name: "bench_c", version: 1 } }],
    },
  });
  const { secret } = await createApiKey({ ctx, access, name: "bench", scopes: ["featureData:read"] });
  const eventTimeUs = (Date.now() - 3_600_000) * 1000;
  for (const group of groups) {
    const features = online.valueFeatures(group);
    for (let start = 1; start <= entities; start += SETUP_CHUNK_ROWS) {
      const rows = [];
      for (let id = start; id < Math.min(start + SETUP_CHUNK_ROWS, entities + 1); id += 1) {
        rows.push({
          key: [String(id)],
          eventTimeUs: group.eventTime ? eventTimeUs : 0,
          values: features.map((feature, index) =>
            feature.type === "timestamp"
              ? new Date(eventTimeUs / 1000).toISOString().replace("Z", "000Z")
              : valueText(feature.type, id, index),
          ),
        });
      }
      await store.upsertRows({ group, rows });
    }
    log(`wrote ${entities} rows of ${group.id} to ${kind} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
  const floor: TFloorConfig = {
    kind,
    redisUrl,
    databaseUrl,
    groups: groups.map((group) => ({
      redisPrefix: `larder:${project.id}:${group.id}:`,
      table: `"larder_online"."fg_${group.id.toLowerCase()}"`,
      keyColumn: "entity_id",
      fields: online.valueFeatures(group).map((feature) => feature.name),
    })),
  };
  return {
    projectName: project.name,
    apiKey: secret,
    floor,
    vectorPath: (batch) => `/v1/projects/${project.name}/feature-views/bench/1/${batch === 1 ? "vector" : "vectors"}`,
    setupSeconds: (Date.now() - started) / 1000,
    cleanup: async () => {
      for (const group of groups) await store.drop({ group });
      await store.close();
      online.setOnlineStore(undefined);
    },
  };
};

/** Spawns a node child (tsx, react-server conditions) and resolves once it prints a line matching `ready`. */
export const startChild = ({
  script,
  env,
  ready,
}: {
  script: string;
  env: Record<string, string | undefined>;
  ready: RegExp;
}): Promise<{ process: ChildProcess; output: () => string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", script], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) resolve({ process: child, output: () => output });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code}: ${output}`)));
  });

export type TLoadResult = {
  requests: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
};

const WRK_SCRIPT = (batch: number, entities: number, delayMs: number, authorization: string | null) => `
local counter = 0
local thread_seed = 0
setup = function(thread) thread_seed = thread_seed + 1; thread:set("seed", thread_seed) end
init = function(args) math.randomseed(os.time() * 1000 + (seed or 1)) end
request = function()
  local parts = {}
  for i = 1, ${batch} do parts[i] = '{"entity_id":' .. math.random(1, ${entities}) .. '}' end
  local body
  if ${batch} == 1 then body = '{"entities":' .. parts[1] .. '}' else body = '{"entities":[' .. table.concat(parts, ",") .. ']}' end
  local headers = { ["Content-Type"] = "application/json"${authorization ? `, ["Authorization"] = "${authorization}"` : ""} }
  return wrk.format("POST", nil, headers, body)
end
${delayMs > 0 ? `delay = function() return ${delayMs} end` : ""}
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK_JSON {"requests":%d,"duration_us":%d,"p50":%d,"p95":%d,"p99":%d,"errors":%d,"non2xx":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
`;

/** One wrk run: closed loop over `connections`, or paced with a per-connection `delayMs` (≈ connections / delay). */
export const runWrk = async ({
  url,
  batch,
  entities,
  connections,
  seconds,
  delayMs = 0,
  apiKey = null,
}: {
  url: string;
  batch: number;
  entities: number;
  connections: number;
  seconds: number;
  delayMs?: number;
  apiKey?: string | null;
}): Promise<TLoadResult> => {
  const dir = await mkdtemp(path.join(os.tmpdir(), "larder-wrk-"));
  const script = path.join(dir, "load.lua");
  await writeFile(script, WRK_SCRIPT(batch, entities, delayMs, apiKey ? `Bearer ${apiKey}` : null));
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile(
      "wrk",
      ["-t1", `-c${connections}`, `-d${seconds}s`, "--timeout", "5s", "-s", script, url],
      { maxBuffer: 1 << 20 },
      (error, out, err) => (error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out)),
    ),
  );
  const match = /WRK_JSON (\{.*\})/.exec(stdout);
  if (!match) throw new Error(`wrk printed no result: ${stdout}`);
  const raw = JSON.parse(match[1]) as {
    requests: number;
    duration_us: number;
    p50: number;
    p95: number;
    p99: number;
    errors: number;
    non2xx: number;
  };
  const secondsTaken = raw.duration_us / 1e6;
  return {
    requests: raw.requests,
    seconds: secondsTaken,
    rps: Math.round(raw.requests / secondsTaken),
    p50Ms: raw.p50 / 1000,
    p95Ms: raw.p95 / 1000,
    p99Ms: raw.p99 / 1000,
    errors: raw.errors,
    non2xx: raw.non2xx,
  };
};

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** Raw Redis without HTTP: one pipeline with one read per group (as the store reads) per "request" (latency: sequential; throughput: 8 in flight). */
export const runRawRedis = async ({
  redisUrl,
  floor,
  batch,
  entities,
  seconds,
}: {
  redisUrl: string;
  floor: TFloorConfig;
  batch: number;
  entities: number;
  seconds: number;
}) => {
  const redis = withLarderCommands(new Redis(redisUrl, { enableAutoPipelining: false }));
  const once = async () => {
    const pipeline = redis.pipeline();
    for (const group of floor.groups)
      queueRead(
        pipeline,
        group.redisPrefix,
        Array.from({ length: batch }, () => String(1 + Math.floor(Math.random() * entities))),
      );
    await pipeline.exec();
  };
  const latencies: number[] = [];
  const latencyDeadline = Date.now() + (seconds * 1000) / 2;
  while (Date.now() < latencyDeadline) {
    const start = process.hrtime.bigint();
    await once();
    latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  let completed = 0;
  const deadline = Date.now() + (seconds * 1000) / 2;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (Date.now() < deadline) {
        await once();
        completed += 1;
      }
    }),
  );
  redis.disconnect();
  latencies.sort((a, b) => a - b);
  return {
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    p99Ms: percentile(latencies, 99),
    rps: Math.round(completed / ((Date.now() - started) / 1000)),
  };
};
