import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { build } from "esbuild";
import { chromium } from "playwright";
import { startProfile, stopProfile } from "./lineage-graph-profile";

// The lineage graph in a real browser (docs/lineage.md): the console's renderer (@xyflow/react, only visible
// elements) and layout worker (elkjs) over synthetic graphs, bundled with esbuild and served locally, measured in
// Chromium: time to first render, the longest main-thread task (PerformanceObserver longtask) while loading and
// while panning. Each size is compared with a small baseline graph measured in the same run.

const ROOT = path.resolve(import.meta.dirname, "..");
const SETTLE_MS = 1000;

type TMeasure = {
  nodes: number;
  layoutMs: number;
  firstRenderMs: number;
  longestTaskMs: number;
  /** The five longest tasks while loading, longest first: "<ms> at <ms from the page's script start>". */
  longTasksMs: string[];
  longestPanTaskMs: number;
  renderedNodes: number;
  renderedEdges: number;
  profile?: Awaited<ReturnType<typeof stopProfile>>;
};

// `profile`: unminified, so that the profile can name the module each function comes from.
const bundle = async (outdir: string, profile: boolean) => {
  const common = {
    bundle: true,
    format: "esm" as const,
    minify: !profile,
    define: { "process.env.NODE_ENV": '"production"' },
    tsconfig: path.join(ROOT, "tsconfig.json"),
    logLevel: "silent" as const,
    alias: { "next/link": path.join(ROOT, "bench/lineage-graph-page/link-stub.tsx") },
    loader: { ".css": "css" as const },
  };
  await build({
    ...common,
    entryPoints: [path.join(ROOT, "bench/lineage-graph-page/main.tsx")],
    outfile: path.join(outdir, "main.js"),
    jsx: "automatic",
  });
  for (const worker of ["elk", "layered"])
    await build({
      ...common,
      entryPoints: [path.join(ROOT, `components/lineage/${worker}.worker.ts`)],
      outfile: path.join(outdir, `${worker}.worker.js`),
      format: "iife" as const,
    });
  await writeFile(
    path.join(outdir, "index.html"),
    `<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="main.css"></head><body style="margin:0"><div id="root"></div><script type="module" src="main.js"></script></body></html>`,
  );
};

const serve = (dir: string) =>
  new Promise<{ url: string; close: () => Promise<void> }>((resolve) => {
    const types: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css" };
    const server = createServer(async (request, response) => {
      const file = path.join(dir, path.basename(new URL(request.url ?? "/", "http://x").pathname) || "index.html");
      try {
        const body = await readFile(file);
        response.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" });
        response.end(body);
      } catch {
        response.writeHead(404).end();
      }
    });
    server.listen(0, "127.0.0.1", () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/index.html`,
        close: () => new Promise((done) => server.close(() => done())),
      }),
    );
  });

export const runLineageGraphBench = async ({
  sizes,
  baseline,
  profile = false,
}: {
  sizes: number[];
  baseline: number;
  profile?: boolean;
}) => {
  const dir = await mkdtemp(path.join(tmpdir(), "larder-lineage-bench-"));
  await bundle(dir, profile);
  const server = await serve(dir);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu"],
  });
  const measure = async (nodes: number, profiled = false): Promise<TMeasure> => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    try {
      const profiling = profiled ? await startProfile(page) : null;
      await page.goto(`${server.url}?n=${nodes}`);
      await page.waitForFunction(
        () => {
          const bench = (window as unknown as { __lineageBench?: { firstRenderMs?: number; error?: string } })
            .__lineageBench;
          return bench?.firstRenderMs !== undefined || bench?.error !== undefined;
        },
        undefined,
        { timeout: 300_000, polling: 100 },
      );
      // What follows the first node (xyflow measuring the rendered nodes, fitting the view) is part of loading.
      await page.waitForTimeout(SETTLE_MS);
      const loaded = await page.evaluate(() => {
        const bench = (
          window as unknown as {
            __lineageBench: {
              layoutMs: number;
              firstRenderMs: number;
              longTasks: number[];
              longTaskStarts: number[];
              error?: string;
            };
          }
        ).__lineageBench;
        const starts = bench.longTaskStarts.splice(0);
        const tasks = bench.longTasks.splice(0).map((ms, index) => ({ at: starts[index], ms }));
        return {
          ...bench,
          longest: Math.max(0, ...tasks.map((task) => task.ms)),
          tasks: tasks.sort((a, b) => b.ms - a.ms).slice(0, 5),
        };
      });
      if (loaded.error) throw new Error(loaded.error);
      const profileResult = profiling
        ? await stopProfile({ ...profiling, bundlePath: path.join(dir, "main.js") })
        : undefined;
      // Only visible elements are rendered: what is in the DOM after fitting the view.
      const renderedNodes = await page.locator(".react-flow__node").count();
      const renderedEdges = await page.locator(".react-flow__edge").count();
      // Pan across the graph: drag the pane five times.
      const pane = page.locator(".react-flow__pane");
      const box = (await pane.boundingBox())!;
      for (let i = 0; i < 6; i += 1) {
        const [from, to] = i % 2 ? [0.2, 0.7] : [0.7, 0.2];
        await page.mouse.move(box.x + box.width * from, box.y + box.height / 2);
        await page.mouse.down();
        await page.mouse.move(box.x + box.width * to, box.y + box.height / 2, { steps: 10 });
        await page.mouse.up();
      }
      await page.waitForTimeout(300);
      const pan = await page.evaluate(() =>
        Math.max(0, ...(window as unknown as { __lineageBench: { longTasks: number[] } }).__lineageBench.longTasks),
      );
      return {
        nodes,
        layoutMs: Math.round(loaded.layoutMs),
        firstRenderMs: Math.round(loaded.firstRenderMs),
        longestTaskMs: Math.round(loaded.longest),
        longTasksMs: loaded.tasks.map((task) => `${Math.round(task.ms)} at ${Math.round(task.at)}`),
        longestPanTaskMs: Math.round(pan),
        renderedNodes,
        renderedEdges,
        ...(profileResult ? { profile: profileResult } : {}),
      };
    } finally {
      await page.close();
    }
  };
  try {
    const base = await measure(baseline);
    const results = [];
    for (const size of sizes) {
      const result = await measure(size, profile);
      results.push({
        ...result,
        firstRenderRatio: Number((result.firstRenderMs / Math.max(1, base.firstRenderMs)).toFixed(2)),
        longestTaskRatio: Number((result.longestTaskMs / Math.max(1, base.longestTaskMs || 1)).toFixed(2)),
      });
    }
    return { baseline: base, results };
  } finally {
    await browser.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
};
