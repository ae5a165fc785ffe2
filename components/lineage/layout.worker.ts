// The lineage layout off the main thread (docs/lineage.md): ELK's bundled build in this worker, the pure step in
// lib/lineage/layout.ts. Messages: { id, input } in, { id, result } or { id, error } out.
import ELK from "elkjs/lib/elk.bundled.js";
import { layoutLineage } from "@/lib/lineage/layout";
import type { TLayoutInput } from "@/lib/lineage/view";

const elk = new ELK();

self.onmessage = async (event: MessageEvent<{ id: number; input: TLayoutInput }>) => {
  const { id, input } = event.data;
  try {
    postMessage({ id, result: await layoutLineage(elk, input) });
  } catch (error) {
    postMessage({ id, error: String(error) });
  }
};
