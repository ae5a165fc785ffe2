import { createRoot } from "react-dom/client";
import { useEffect, useState } from "react";
import { LineageGraphView } from "../../components/lineage/lineage-graph";
import ELK from "elkjs/lib/elk-api";
import { layoutLineage } from "../../lib/lineage/layout";
import { layoutInput, type TLayoutResult } from "../../lib/lineage/view";
import { syntheticGraph } from "./synthetic";

// The benchmark's page: the console's renderer and layout worker over a synthetic graph of `?n=` artifacts. It
// records when the first node is on screen (window.__lineageBench) and every long task from the start.

type TBench = { startedAt: number; layoutMs?: number; firstRenderMs?: number; longTasks: number[]; error?: string };
const bench: TBench = { startedAt: performance.now(), longTasks: [] };
(window as unknown as { __lineageBench: TBench }).__lineageBench = bench;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) bench.longTasks.push(entry.duration);
}).observe({ type: "longtask", buffered: true });

const size = Number(new URLSearchParams(location.search).get("n") ?? "2000");
const graph = syntheticGraph(size);
const expanded = new Set<string>();

const App = () => {
  const [layout, setLayout] = useState<TLayoutResult | null>(null);
  useEffect(() => {
    // As the page does (components/lineage/use-layout.ts): ELK's API here, its layout in the worker.
    const elk = new ELK({ workerFactory: () => new Worker("./elk.worker.js") });
    layoutLineage(elk, layoutInput(graph, expanded)).then(
      (result) => {
        bench.layoutMs = performance.now() - bench.startedAt;
        setLayout(result);
      },
      (error: unknown) => {
        bench.error = String(error);
      },
    );
    return () => elk.terminateWorker();
  }, []);
  useEffect(() => {
    if (!layout) return;
    const check = () => {
      if (document.querySelector(".react-flow__node")) bench.firstRenderMs = performance.now() - bench.startedAt;
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  }, [layout]);
  if (!layout) return <p>laying out {graph.nodes.length} nodes…</p>;
  return (
    <LineageGraphView
      project="bench"
      graph={graph}
      layout={layout}
      expanded={expanded}
      onToggleColumns={() => undefined}
      onExpand={() => undefined}
      height={860}
    />
  );
};

createRoot(document.getElementById("root")!).render(<App />);
