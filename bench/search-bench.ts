import http from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { encode } from "next-auth/jwt";
import { seedSearchCatalog, type TSearchCatalog } from "./search-seed";

// The search benchmark: a seeded catalog (search-seed.ts), the console's own route handlers behind a plain
// node:http server (so every query pays HTTP, authentication and the wrapper, as a browser's would), and in the same
// run the baseline `GET /api/v1/me` through the same server. The edit cost is a tag edit with the index triggers on,
// against the same edit with them off.

export type TSearchBenchParams = TSearchCatalog & { iterations: number };

export const QUERY_CLASSES = {
  words: ["card", "merchant", "email", "latitude", "history", "fraud", "scores", "holder"],
  phrases: ['"card profiles"', '"amount avg"', '"device id"', '"holder email"'],
  tagFilters: ["tag:pii", "pii.category:email", "tag:bench_quality card", "pii.category:location merchant"],
} as const;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const round = (value: number) => Math.round(value * 100) / 100;
const summary = (values: number[]) => ({ p50Ms: round(percentile(values, 50)), p95Ms: round(percentile(values, 95)) });

type THandler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

const serve = async (routes: Record<string, THandler>) => {
  const server = http.createServer(async (incoming, outgoing) => {
    const url = new URL(incoming.url ?? "/", "http://localhost");
    const handler = routes[url.pathname];
    const headers = new Headers();
    for (const [key, value] of Object.entries(incoming.headers)) if (typeof value === "string") headers.set(key, value);
    const response = handler
      ? await handler(new Request(url, { headers }), { params: Promise.resolve({}) })
      : new Response("not found", { status: 404 });
    outgoing.writeHead(response.status, { "content-type": response.headers.get("content-type") ?? "text/plain" });
    outgoing.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as AddressInfo).port };
};

const timedGet = async (url: string, cookie: string) => {
  const started = performance.now();
  const response = await fetch(url, { headers: { cookie } });
  const body = (await response.json()) as { total?: number };
  if (response.status !== 200) throw new Error(`${url}: ${response.status} ${JSON.stringify(body)}`);
  return { ms: performance.now() - started, total: body.total ?? 0 };
};

/** Median and 95th percentile of a tag edit (a value change in its own transaction), with or without the triggers. */
const measureEdits = async (ownerUrl: string, iterations: number) => {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  const edit = async (index: number) => {
    const started = performance.now();
    await client.query("BEGIN");
    await client.query(
      `UPDATE "Tag" SET value = jsonb_set(value, '{legalBasis}', to_jsonb($1::text)), "updatedAt" = now()
      WHERE id = 'tag_bench' || $2`,
      [index % 2 ? "consent" : "contract", (index % 50) + 1],
    );
    await client.query("COMMIT");
    return performance.now() - started;
  };
  try {
    const times = async () => {
      const all: number[] = [];
      for (let i = 0; i < iterations; i++) all.push(await edit(i));
      return all;
    };
    const withIndex = await times();
    await client.query('ALTER TABLE "Tag" DISABLE TRIGGER search_tag');
    const withoutIndex = await times();
    await client.query('ALTER TABLE "Tag" ENABLE TRIGGER search_tag');
    return { withIndex: summary(withIndex), withoutIndex: summary(withoutIndex) };
  } finally {
    await client.end();
  }
};

export const runSearchBench = async (ownerUrl: string, params: TSearchBenchParams) => {
  process.env.NEXTAUTH_SECRET ??= "bench-secret-not-for-production-0123456789";
  const seedStarted = performance.now();
  const { userId } = await seedSearchCatalog(ownerUrl, params);
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const searchRoute = await import("../app/api/v1/search/route");
  const meRoute = await import("../app/api/v1/me/route");
  const { server, port } = await serve({ "/api/v1/search": searchRoute.GET, "/api/v1/me": meRoute.GET });
  const cookie = `next-auth.session-token=${await encode({ token: { uid: userId, sub: userId, sv: 0 }, secret: process.env.NEXTAUTH_SECRET })}`;
  const base = `http://127.0.0.1:${port}/api/v1`;
  try {
    // Warm-up: plans, connections, the route modules.
    for (const q of Object.values(QUERY_CLASSES).flat())
      await timedGet(`${base}/search?q=${encodeURIComponent(q)}`, cookie);
    const baseline: number[] = [];
    for (let i = 0; i < params.iterations; i++) baseline.push((await timedGet(`${base}/me`, cookie)).ms);
    const baselineP95 = percentile(baseline, 95);
    const classes = Object.fromEntries(Object.keys(QUERY_CLASSES).map((name) => [name, [] as number[]])) as Record<
      keyof typeof QUERY_CLASSES,
      number[]
    >;
    const hits: Record<string, number> = {};
    for (let i = 0; i < params.iterations; i++)
      for (const [name, queries] of Object.entries(QUERY_CLASSES) as [
        keyof typeof QUERY_CLASSES,
        readonly string[],
      ][]) {
        const q = queries[i % queries.length];
        const { ms, total } = await timedGet(`${base}/search?q=${encodeURIComponent(q)}`, cookie);
        classes[name].push(ms);
        hits[q] = total;
      }
    const edits = await measureEdits(ownerUrl, params.iterations);
    return {
      catalog: { ...params, features: params.groups * params.featuresPerGroup, seedSeconds: round(seedSeconds) },
      baselineMe: summary(baseline),
      queries: Object.fromEntries(
        Object.entries(classes).map(([name, values]) => [
          name,
          { ...summary(values), ratioP95ToBaseline: round(percentile(values, 95) / baselineP95) },
        ]),
      ),
      hits,
      edit: { ...edits, indexUpdateP50Ms: round(edits.withIndex.p50Ms - edits.withoutIndex.p50Ms) },
    };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
};
