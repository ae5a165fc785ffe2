import { createRoot } from "react-dom/client";
import { useEffect } from "react";
import { LineageGraphView } from "../../components/lineage/lineage-graph";
import { useLineageLayout, type TLayoutWorkers } from "../../components/lineage/use-layout";
import { layoutInput } from "../../lib/lineage/view";
import { syntheticGraph } from "./synthetic";

// The benchmark's page: the console's renderer and layout step (the same hook, hence the same choice between ELK and
// the layered layout, in the same workers) over a synthetic graph of `?n=` artifacts. It records when the layout
// arrives and when the first node is on screen (window.__lineageBench), and every long task from the start.

type TBench = {
  startedAt: number;
  layoutMs?: number;
  firstRenderMs?: number;
  longTasks: number[];
  /** When each long task started, from the start of this script (ms). */
  longTaskStarts: number[];
  error?: string;
};
const bench: TBench = { startedAt: performance.now(), longTasks: [], longTaskStarts: [] };
(window as unknown as { __lineageBench: TBench }).__lineageBench = bench;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    bench.longTasks.push(entry.duration);
    bench.longTaskStarts.push(entry.startTime - bench.startedAt);
  }
}).observe({ type: "longtask", buffered: true });

const size = Number(new URLSearchParams(location.search).get("n") ?? "2000");
const graph = syntheticGraph(size);
const expanded = new Set<string>();
const input = layoutInput(graph, expanded);
// Bundled beside the page by lineage-graph-bench.ts (Next.js bundles the console's from `new URL(…)`).
const WORKERS: TLayoutWorkers = {
  elk: () => new Worker("./elk.worker.js"),
  layered: () => new Worker("./layered.worker.js"),
};

const App = () => {
  const layout = useLineageLayout(input, WORKERS);
  useEffect(() => {
    if (layout.error) bench.error = layout.error;
    if (!layout.result) return;
    bench.layoutMs = performance.now() - bench.startedAt;
    const check = () => {
      if (document.querySelector(".react-flow__node")) bench.firstRenderMs = performance.now() - bench.startedAt;
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  }, [layout]);
  if (!layout.result) return <p>laying out {graph.nodes.length} nodes…</p>;
  return (
    <LineageGraphView
      project="bench"
      graph={graph}
      layout={layout.result}
      expanded={expanded}
      onToggleColumns={() => undefined}
      onExpand={() => undefined}
      height={860}
    />
  );
};

createRoot(document.getElementById("root")!).render(<App />);
