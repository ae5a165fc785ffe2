import { machineFigures, runBenchScript } from "./support/run-bench";
import { setUpServingBench, startChild } from "./serving-bench";
import { runNodeLoad, type TNodeLoadResult } from "./serving-logging-bench";

// `npm run bench:serving-logging [-- --entities 100000 --seconds 5 --rounds 3]` → JSON on stdout.
// Served-vector logging on and off in the same run, against the same feature server process (bench/serving.ts's
// view: three online groups, 20 features, Redis): rounds of off / 1 % / 100 % logged, interleaved so that drift of
// the machine's load hits every setting alike. The server flushes every second (LARDER_SERVING_FLUSH_SECONDS=1),
// so the flush's inserts into the registry happen during the measured runs. Target: no measurable added latency
// (the on/off ratios of p50 and p99 within the run-to-run noise of "off" itself).

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const ENTITIES = flag("entities", 100_000);
const SECONDS = flag("seconds", 5);
const ROUNDS = flag("rounds", 3);
const RATES = [0, 0.01, 1];
// Paced batch-1 load (~500 requests/s from 10 connections) and closed-loop batches of 100 from 4 connections.
const PACED = { connections: 10, delayMs: 20 };
const BATCH = { size: 100, connections: 4 };
// The feature server rebuilds a plan in use every 5 s (server/serving/vectors.ts): wait past it after a change.
const PLAN_REFRESH_WAIT_MS = 6_500;
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379/0";

const log = (message: string) => process.stderr.write(`[bench:serving-logging] ${message}\n`);
const round = (value: number) => Math.round(value * 1000) / 1000;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

void runBenchScript("larder_bench_serving_logging", async (databaseUrl) => {
  process.env.REDIS_URL = REDIS_URL;
  const setup = await setUpServingBench({ entities: ENTITIES, kind: "redis", redisUrl: REDIS_URL, databaseUrl, log });
  const { db } = await import("../server/db/client");
  const view = await db.featureView.findFirstOrThrow({
    where: { project: { name: setup.projectName }, name: "bench", version: 1 },
  });
  const server = await startChild({
    script: "server/serving/main.ts",
    env: {
      DATABASE_URL: databaseUrl,
      REDIS_URL,
      LARDER_SERVING_PORT: "0",
      LARDER_SERVING_FLUSH_SECONDS: "1",
      NODE_ENV: "production",
    },
    ready: /listening on :\d+/,
  });
  try {
    const port = Number(/listening on :(\d+)/.exec(server.output())![1]);
    const url = (batch: number) => `http://127.0.0.1:${port}${setup.vectorPath(batch)}`;
    const entity = (request: number) => `{"entity_id":${1 + ((request * 7919) % ENTITIES)}}`;
    const paced = () =>
      runNodeLoad({
        url: url(1),
        apiKey: setup.apiKey,
        body: (request) => `{"entities":${entity(request)}}`,
        seconds: SECONDS,
        ...PACED,
      });
    const batches = () =>
      runNodeLoad({
        url: url(BATCH.size),
        apiKey: setup.apiKey,
        body: (request) =>
          `{"entities":[${Array.from({ length: BATCH.size }, (_, index) => entity(request * BATCH.size + index)).join(",")}]}`,
        seconds: SECONDS,
        connections: BATCH.connections,
      });
    log("warm-up");
    await runNodeLoad({
      url: url(1),
      apiKey: setup.apiKey,
      body: (r) => `{"entities":${entity(r)}}`,
      connections: 4,
      seconds: 2,
    });

    const results = new Map<number, { paced: TNodeLoadResult[]; batch100: TNodeLoadResult[]; staged: number[] }>(
      RATES.map((rate) => [rate, { paced: [], batch100: [], staged: [] }]),
    );
    for (let roundIndex = 0; roundIndex < ROUNDS; roundIndex += 1) {
      for (const rate of RATES) {
        await db.featureView.update({ where: { id: view.id }, data: { servedVectorLogRate: rate } });
        await new Promise((resolve) => setTimeout(resolve, PLAN_REFRESH_WAIT_MS));
        const stagedBefore = await db.servedVectorLog.count({ where: { featureViewId: view.id } });
        log(`round ${roundIndex + 1}: rate ${rate}`);
        const entry = results.get(rate)!;
        entry.paced.push(await paced());
        entry.batch100.push(await batches());
        // Past the last flush: what this setting staged.
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        entry.staged.push((await db.servedVectorLog.count({ where: { featureViewId: view.id } })) - stagedBefore);
      }
    }
    const summary = (runs: TNodeLoadResult[]) => ({
      p50Ms: round(median(runs.map((run) => run.p50Ms))),
      p99Ms: round(median(runs.map((run) => run.p99Ms))),
      rps: median(runs.map((run) => run.rps)),
      non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
      runs: runs.map((run) => ({ p50Ms: round(run.p50Ms), p99Ms: round(run.p99Ms), rps: run.rps })),
    });
    const off = results.get(0)!;
    const settings = Object.fromEntries(
      RATES.map((rate) => {
        const entry = results.get(rate)!;
        const pacedSummary = summary(entry.paced);
        const batchSummary = summary(entry.batch100);
        const offPaced = summary(off.paced);
        const offBatch = summary(off.batch100);
        return [
          rate === 0 ? "off" : `rate${rate}`,
          {
            rate,
            vectorsLogged: entry.staged.reduce((sum, count) => sum + count, 0),
            pacedBatch1: {
              ...pacedSummary,
              p50RatioToOff: round(pacedSummary.p50Ms / offPaced.p50Ms),
              p99RatioToOff: round(pacedSummary.p99Ms / offPaced.p99Ms),
            },
            batch100: {
              ...batchSummary,
              p50RatioToOff: round(batchSummary.p50Ms / offBatch.p50Ms),
              p99RatioToOff: round(batchSummary.p99Ms / offBatch.p99Ms),
            },
          },
        ];
      }),
    );
    // The noise floor: how far apart the "off" runs themselves are.
    const offNoise = {
      pacedP99Spread: round(
        Math.max(...off.paced.map((run) => run.p99Ms)) / Math.min(...off.paced.map((run) => run.p99Ms)),
      ),
      batch100P99Spread: round(
        Math.max(...off.batch100.map((run) => run.p99Ms)) / Math.min(...off.batch100.map((run) => run.p99Ms)),
      ),
    };
    return {
      benchmark: "served-vector logging on vs off (bench/serving-logging.ts)",
      machine: machineFigures(),
      loadGenerator: "node:http keep-alive closed loop in the bench process, loopback",
      featureView: { groups: 3, features: 20, stages: 1 },
      entities: ENTITIES,
      secondsPerRun: SECONDS,
      rounds: ROUNDS,
      target: "ratios to off within the off runs' own spread (no measurable added latency)",
      offNoise,
      settings,
    };
  } finally {
    server.process.kill("SIGTERM");
    await setup.cleanup();
  }
});
