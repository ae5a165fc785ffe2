"use client";

import ELK from "elkjs/lib/elk-api";
import { useEffect, useRef, useState } from "react";
import { layoutEngineFor, layoutLineage } from "@/lib/lineage/layout";
import type { TLayoutInput, TLayoutResult } from "@/lib/lineage/view";

// Runs the layout step off the main thread and keeps the latest result; a newer input supersedes one in flight.
// Small graphs go to ELK in its worker (elk.worker.ts), large ones to the layered layout in ours
// (layered.worker.ts); each worker starts on first use (docs/lineage.md "Large graphs").

export type TLayoutWorkers = { elk: () => Worker; layered: () => Worker };

const CONSOLE_WORKERS: TLayoutWorkers = {
  elk: () => new Worker(new URL("./elk.worker.ts", import.meta.url), { type: "module" }),
  layered: () => new Worker(new URL("./layered.worker.ts", import.meta.url), { type: "module" }),
};

type TElk = InstanceType<typeof ELK>;
type TAnswer = { id: number; result?: TLayoutResult; error?: string };

/** The layered worker behind a promise per request. */
const layeredClient = (factory: () => Worker) => {
  const worker = factory();
  const pending = new Map<number, (answer: TAnswer) => void>();
  let next = 0;
  worker.onmessage = ({ data }: MessageEvent<TAnswer>) => {
    pending.get(data.id)?.(data);
    pending.delete(data.id);
  };
  return {
    layout: (input: TLayoutInput) =>
      new Promise<TLayoutResult>((resolve, reject) => {
        const id = (next += 1);
        pending.set(id, (answer) => (answer.result ? resolve(answer.result) : reject(new Error(answer.error))));
        worker.postMessage({ id, input });
      }),
    terminate: () => worker.terminate(),
  };
};

export const useLineageLayout = (input: TLayoutInput | null, workers: TLayoutWorkers = CONSOLE_WORKERS) => {
  const elk = useRef<TElk | null>(null);
  const layered = useRef<ReturnType<typeof layeredClient> | null>(null);
  const latest = useRef(0);
  const [state, setState] = useState<{ result: TLayoutResult | null; error: string | null }>({
    result: null,
    error: null,
  });
  useEffect(() => {
    if (!input) return;
    const id = (latest.current += 1);
    let layout: Promise<TLayoutResult>;
    if (layoutEngineFor(input) === "layered") {
      layered.current ??= layeredClient(workers.layered);
      layout = layered.current.layout(input);
    } else {
      elk.current ??= new ELK({ workerFactory: workers.elk });
      layout = layoutLineage(elk.current, input);
    }
    layout.then(
      (result) => id === latest.current && setState({ result, error: null }),
      (error: unknown) => id === latest.current && setState({ result: null, error: String(error) }),
    );
  }, [input, workers]);
  useEffect(
    () => () => {
      elk.current?.terminateWorker();
      layered.current?.terminate();
    },
    [],
  );
  return state;
};
