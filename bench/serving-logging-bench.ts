import http from "node:http";

// A small closed-loop HTTP load generator for bench/serving-logging.ts (wrk is not needed): `connections` keep-alive
// connections, each sending a request, waiting for the answer, pausing `delayMs`, and again, for `seconds`.
// Latency is measured per request from write to the last byte, in the generator's own process.

export type TNodeLoadResult = { requests: number; rps: number; p50Ms: number; p99Ms: number; non2xx: number };

const percentile = (sorted: number[], q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : Number.NaN;

export const runNodeLoad = async ({
  url,
  apiKey,
  body,
  connections,
  seconds,
  delayMs = 0,
}: {
  url: string;
  apiKey: string;
  body: (request: number) => string;
  connections: number;
  seconds: number;
  delayMs?: number;
}): Promise<TNodeLoadResult> => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let non2xx = 0;
  let sent = 0;
  const started = Date.now();
  const deadline = started + seconds * 1000;
  const one = (payload: string) =>
    new Promise<number>((resolve, reject) => {
      const request = http.request(
        url,
        {
          method: "POST",
          agent,
          headers: {
            authorization: `Bearer ${apiKey}`,
            "content-type": "application/json",
            "content-length": Buffer.byteLength(payload),
          },
        },
        (response) => {
          response.resume();
          response.on("end", () => resolve(response.statusCode ?? 0));
        },
      );
      request.on("error", reject);
      request.end(payload);
    });
  const loop = async () => {
    while (Date.now() < deadline) {
      const payload = body(sent++);
      const at = process.hrtime.bigint();
      const status = await one(payload);
      latencies.push(Number(process.hrtime.bigint() - at) / 1e6);
      if (status < 200 || status >= 300) non2xx += 1;
      if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    rps: Math.round(latencies.length / ((Date.now() - started) / 1000)),
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    non2xx,
  };
};
