import { readFile } from "node:fs/promises";
import type { CDPSession, Page } from "playwright";

// `--profile` of bench:lineage-graph (docs/lineage.md "Benchmark"): where the main thread's time goes while the page
// loads a graph. A V8 CPU profile (sampled every 0.5 ms) attributes JavaScript to the module it comes from (the
// unminified bundle marks each module with a `// node_modules/…` comment), and a Chromium trace sums the browser's
// own work on the main thread (style, layout, paint, garbage collection), which the CPU profile shows only as
// "(program)".

type TProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
};
type TCpuProfile = { nodes: TProfileNode[]; samples: number[]; timeDeltas: number[] };
type TTraceEvent = {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** CPU time of the thread during the event: what it cost, whatever else the machine was running. */
  tdur?: number;
  tid: number;
  pid: number;
  args?: { name?: string };
};

/** Line → module of an esbuild bundle built without minifying: each module starts with a `// path` comment. */
const moduleIndex = async (bundlePath: string) => {
  const lines = (await readFile(bundlePath, "utf8")).split("\n");
  const starts: { line: number; module: string }[] = [];
  lines.forEach((text, line) => {
    const match = /^\/\/ (\S+\.(?:m?js|tsx?|cjs))$/.exec(text);
    if (match) starts.push({ line, module: match[1] });
  });
  return (line: number) => {
    let low = 0;
    let high = starts.length - 1;
    let found = "(bundle prelude)";
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (starts[mid].line <= line) {
        found = starts[mid].module;
        low = mid + 1;
      } else high = mid - 1;
    }
    return found;
  };
};

/** A module path shortened to its package (`@xyflow/react`) or, for our code, its file. */
const packageOf = (module: string) => {
  const at = module.lastIndexOf("node_modules/");
  if (at < 0) return module;
  const parts = module.slice(at + "node_modules/".length).split("/");
  return parts[0].startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0];
};

const LONG_TASK_US = 50_000;
const TRACE_CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8"];
// Browser work on the main thread that is not JavaScript (these do not nest in one another).
const BROWSER_WORK = ["UpdateLayoutTree", "Layout", "PrePaint", "Paint", "Layerize", "MinorGC", "MajorGC"];

export const startProfile = async (page: Page) => {
  const browser = page.context().browser()!;
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 500 });
  await cdp.send("Profiler.start");
  return { cdp, browser };
};

export const stopProfile = async ({
  cdp,
  browser,
  bundlePath,
}: Awaited<ReturnType<typeof startProfile>> & { bundlePath: string }) => {
  const { profile } = (await cdp.send("Profiler.stop")) as { profile: TCpuProfile };
  const trace = JSON.parse((await browser.stopTracing()).toString("utf8")) as { traceEvents: TTraceEvent[] };
  const moduleOf = await moduleIndex(bundlePath);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const byModule = new Map<string, number>();
  const byFunction = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const frame = byId.get(id)!.callFrame;
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    const module = frame.url.endsWith("main.js")
      ? packageOf(moduleOf(frame.lineNumber))
      : frame.url
        ? frame.url
        : frame.functionName;
    byModule.set(module, (byModule.get(module) ?? 0) + ms);
    const name = `${frame.functionName || "(anonymous)"} · ${module}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
  });
  // The renderer's main thread: the thread named CrRendererMain of the page's process.
  const main = trace.traceEvents.find((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain");
  const browserWork = new Map<string, number>();
  const tasks: { wallMs: number; cpuMs: number }[] = [];
  for (const event of trace.traceEvents) {
    if (!main || event.pid !== main.pid || event.tid !== main.tid || event.ph !== "X") continue;
    if (event.name === "RunTask" && (event.dur ?? 0) >= LONG_TASK_US)
      tasks.push({ wallMs: Math.round(event.dur! / 1000), cpuMs: Math.round((event.tdur ?? 0) / 1000) });
    if (!BROWSER_WORK.includes(event.name)) continue;
    browserWork.set(event.name, (browserWork.get(event.name) ?? 0) + (event.dur ?? 0) / 1000);
  }
  const top = (map: Map<string, number>, count: number) =>
    Object.fromEntries(
      [...map]
        .filter(([name]) => name !== "(idle)")
        .sort((a, b) => b[1] - a[1])
        .slice(0, count)
        .map(([name, ms]) => [name, Math.round(ms)]),
    );
  return {
    // The long tasks with the CPU time each took: on a loaded machine wall time stretches, CPU time much less.
    longTasks: tasks.sort((a, b) => b.wallMs - a.wallMs).slice(0, 5),
    javascriptByModuleMs: top(byModule, 12),
    hottestFunctionsMs: top(byFunction, 15),
    browserWorkMs: top(browserWork, BROWSER_WORK.length),
  };
};
