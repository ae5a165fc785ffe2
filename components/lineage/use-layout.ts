"use client";

import { useEffect, useRef, useState } from "react";
import type { TLayoutInput, TLayoutResult } from "@/lib/lineage/view";

// Runs the layout step in a Web Worker and keeps the latest result; a newer input supersedes one in flight.

export const useLineageLayout = (input: TLayoutInput | null) => {
  const worker = useRef<Worker | null>(null);
  const latest = useRef(0);
  const [state, setState] = useState<{ result: TLayoutResult | null; error: string | null }>({
    result: null,
    error: null,
  });
  useEffect(() => {
    worker.current = new Worker(new URL("./layout.worker.ts", import.meta.url), { type: "module" });
    worker.current.onmessage = (event: MessageEvent<{ id: number; result?: TLayoutResult; error?: string }>) => {
      if (event.data.id !== latest.current) return;
      setState({ result: event.data.result ?? null, error: event.data.error ?? null });
    };
    return () => worker.current?.terminate();
  }, []);
  useEffect(() => {
    if (!input || !worker.current) return;
    latest.current += 1;
    worker.current.postMessage({ id: latest.current, input });
  }, [input]);
  return state;
};
