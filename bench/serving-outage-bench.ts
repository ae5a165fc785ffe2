import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { startTcpProxy } from "../test/fixtures/tcp-proxy";
import { setUpServingBench, startChild } from "./serving-bench";

// The feature server (its own process, as deployed) reaches its registry through a TCP proxy that this process
// cuts for `outageSeconds`; the machine's PostgreSQL keeps running, the online store (Redis) stays up. Closed-loop
// clients ask for vectors with a key and view the server loaded before the cut; every answer is counted by phase
// (before, during, after the outage). A key the server never saw probes what it cannot know (503 + Retry-After
// expected) and, after the restore, when the registry is back (401: the key is unknown, and now it can say so).

export type TOutageMode = "reset" | "blackhole";

type TPhase = { requests: number; failed: number; statuses: Record<string, number>; p99Ms: number | null };

const newPhase = () => ({ latencies: [] as number[], statuses: new Map<string, number>() });
const summarize = (phase: ReturnType<typeof newPhase>): TPhase => {
  const sorted = [...phase.latencies].sort((a, b) => a - b);
  const statuses = Object.fromEntries(phase.statuses);
  const failed = [...phase.statuses].filter(([status]) => status !== "200").reduce((sum, [, n]) => sum + n, 0);
  return {
    requests: sorted.length,
    failed,
    statuses,
    p99Ms: sorted.length ? Math.round(sorted[Math.floor(sorted.length * 0.99)] * 1000) / 1000 : null,
  };
};

export type TOutageResult = {
  mode: TOutageMode;
  outageSeconds: number;
  concurrency: number;
  cached: { before: TPhase; during: TPhase; after: TPhase };
  uncachedKeyDuringOutage: { statuses: Record<string, number>; retryAfter: string | null };
  healthDuringOutage: { status: number; body: unknown };
  secondsUntilRegistryReachable: number | null;
};

export const runServingOutage = async ({
  databaseUrl,
  redisUrl,
  entities,
  mode,
  outageSeconds,
  phaseSeconds,
  concurrency,
  log = () => {},
}: {
  databaseUrl: string;
  redisUrl: string;
  entities: number;
  mode: TOutageMode;
  outageSeconds: number;
  /** Length of the measured phases before and after the outage. */
  phaseSeconds: number;
  concurrency: number;
  log?: (message: string) => void;
}): Promise<TOutageResult> => {
  const setup = await setUpServingBench({ entities, kind: "redis", redisUrl, databaseUrl, log });
  const target = new URL(databaseUrl);
  const proxy = await startTcpProxy({ target: { host: target.hostname, port: Number(target.port || 5432) } });
  const server = await startChild({
    script: "server/serving/main.ts",
    env: { DATABASE_URL: proxy.urlFor(databaseUrl), REDIS_URL: redisUrl, LARDER_SERVING_PORT: "0" },
    ready: /listening on :\d+/,
  });
  try {
    const port = Number(/listening on :(\d+)/.exec(server.output())![1]);
    const base = `http://127.0.0.1:${port}`;
    const ask = (apiKey: string, entity: number) =>
      fetch(`${base}${setup.vectorPath(1)}`, {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({ entities: { entity_id: entity } }),
      });

    let phase = newPhase();
    let running = true;
    const client = async (offset: number) => {
      for (let i = offset; running; i += concurrency) {
        const current = phase;
        const started = performance.now();
        let status: string;
        try {
          const response = await ask(setup.apiKey, 1 + (i % entities));
          await response.arrayBuffer();
          status = String(response.status);
        } catch {
          status = "network error";
        }
        current.latencies.push(performance.now() - started);
        current.statuses.set(status, (current.statuses.get(status) ?? 0) + 1);
      }
    };
    // The cached key and view: loaded once before anything is measured.
    const first = await ask(setup.apiKey, 1);
    if (first.status !== 200) throw new Error(`warm-up answered ${first.status}: ${await first.text()}`);
    const clients = Array.from({ length: concurrency }, (_, index) => client(index));

    await sleep(phaseSeconds * 1000);
    const before = summarize(phase);
    phase = newPhase();
    log(`${mode}: cutting the registry for ${outageSeconds} s`);
    proxy.cut({ mode });
    // Well-formed (lk_<12 hex>_<43 base64url>), so only the registry can say it is unknown.
    const unknownKey = `lk_${randomBytes(6).toString("hex")}_${randomBytes(32).toString("base64url")}`;
    const unknownStatuses = new Map<string, number>();
    let retryAfter: string | null = null;
    let healthDuringOutage: TOutageResult["healthDuringOutage"] = { status: 0, body: null };
    const cutAt = Date.now();
    while (Date.now() - cutAt < outageSeconds * 1000) {
      const response = await ask(unknownKey, 1);
      await response.arrayBuffer();
      unknownStatuses.set(String(response.status), (unknownStatuses.get(String(response.status)) ?? 0) + 1);
      retryAfter ??= response.headers.get("retry-after");
      if (!healthDuringOutage.status && Date.now() - cutAt > outageSeconds * 500) {
        const health = await fetch(`${base}/health`);
        healthDuringOutage = { status: health.status, body: await health.json() };
      }
      await sleep(500);
    }
    const during = summarize(phase);
    phase = newPhase();
    proxy.restore();
    log(`${mode}: registry restored`);
    const restoredAt = Date.now();
    let secondsUntilRegistryReachable: number | null = null;
    while (secondsUntilRegistryReachable === null && Date.now() - restoredAt < 60_000) {
      const response = await ask(unknownKey, 1);
      await response.arrayBuffer();
      if (response.status === 401) secondsUntilRegistryReachable = (Date.now() - restoredAt) / 1000;
      else await sleep(100);
    }
    await sleep(phaseSeconds * 1000);
    running = false;
    await Promise.all(clients);
    return {
      mode,
      outageSeconds,
      concurrency,
      cached: { before, during, after: summarize(phase) },
      uncachedKeyDuringOutage: { statuses: Object.fromEntries(unknownStatuses), retryAfter },
      healthDuringOutage,
      secondsUntilRegistryReachable,
    };
  } finally {
    server.process.kill("SIGTERM");
    await proxy.close();
    await setup.cleanup();
  }
};
