"use client";

import ELK from "elkjs/lib/elk-api";
import { useEffect, useRef, useState } from "react";
import { layoutLineage } from "@/lib/lineage/layout";
import type { TLayoutInput, TLayoutResult } from "@/lib/lineage/view";

// Runs the layout step with ELK in a Web Worker (elk.worker.ts) and keeps the latest result; a newer input
// supersedes one in flight.

type TElk = InstanceType<typeof ELK>;

export const useLineageLayout = (input: TLayoutInput | null) => {
  const elk = useRef<TElk | null>(null);
  const latest = useRef(0);
  const [state, setState] = useState<{ result: TLayoutResult | null; error: string | null }>({
    result: null,
    error: null,
  });
  useEffect(() => {
    if (!input) return;
    elk.current ??= new ELK({
      workerFactory: () => new Worker(new URL("./elk.worker.ts", import.meta.url), { type: "module" }),
    });
    const id = (latest.current += 1);
    layoutLineage(elk.current, input).then(
      (result) => id === latest.current && setState({ result, error: null }),
      (error: unknown) => id === latest.current && setState({ result: null, error: String(error) }),
    );
  }, [input]);
  useEffect(() => () => elk.current?.terminateWorker(), []);
  return state;
};
