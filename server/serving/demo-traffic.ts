import "server-only";
import type { TProjectAccess } from "../principal";
import type { TOnlineStore } from "../online-store";
import { createServingRecorder } from "./observability";
import { serveVectors, type TServingTrace } from "./vectors";

export { drainServedVectors } from "./run-served-vectors";

// Traffic for the demo (server/demo/serving.ts): real requests through serveVectors — the feature server's own
// code, without its HTTP socket — recorded by a serving recorder as if answered over the last `minutes` minutes,
// then flushed. Each minute gets a few single-vector requests, a batch, a request for unknown keys and, every
// fifth minute, a malformed one; latency is what each call really took.

type TKey = Record<string, string | number>;

export const replayServingTraffic = async ({
  access,
  name,
  version,
  store,
  maxBatch,
  keys,
  missingKeys,
  badKey,
  minutes,
}: {
  access: Pick<TProjectAccess, "project">;
  name: string;
  version: number;
  store: TOnlineStore;
  maxBatch: number;
  keys: TKey[];
  missingKeys: TKey[];
  badKey: TKey;
  minutes: number;
}) => {
  const recorder = createServingRecorder({ flushIntervalMs: 3_600_000, queueJobs: false });
  const now = Date.now();
  let cursor = 0;
  const take = (count: number) =>
    Array.from({ length: count }, () => keys[(cursor = (cursor + 1) % Math.max(1, keys.length))]);
  const call = async (body: unknown, batch: boolean, at: number) => {
    const trace: TServingTrace = {};
    const started = process.hrtime.bigint();
    let status = 200;
    try {
      await serveVectors({ access, name, version, body, batch, store, maxBatch, trace });
    } catch {
      status = 422;
    }
    if (trace.plan)
      recorder.record({
        plan: trace.plan,
        status,
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
        reads: status === 200 ? trace.reads : undefined,
        at,
      });
  };
  for (let minute = minutes; minute >= 1; minute -= 1) {
    const at = now - minute * 60_000;
    // A daily-looking shape: busier in the middle of the half hour.
    const singles = 4 + Math.round(4 * Math.sin((Math.PI * minute) / minutes));
    for (const key of take(singles)) await call({ entities: key }, false, at);
    await call({ entities: take(8 + (minute % 5)) }, true, at);
    await call({ entities: [...take(2), missingKeys[minute % missingKeys.length]] }, true, at);
    if (minute % 5 === 0) await call({ entities: badKey }, false, at);
  }
  await recorder.close();
};
