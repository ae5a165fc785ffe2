// The layered layout of large lineage graphs (lib/lineage/layered.ts), off the main thread: one message in (an id
// and the layout input), one out (the id and the positions, or the error).
import { layeredLayout } from "@/lib/lineage/layered";
import type { TLayoutInput } from "@/lib/lineage/view";

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<{ id: number; input: TLayoutInput }>) => void) | null;
  postMessage: (message: unknown) => void;
};

scope.onmessage = ({ data }) => {
  try {
    scope.postMessage({ id: data.id, result: layeredLayout(data.input) });
  } catch (error) {
    scope.postMessage({ id: data.id, error: String(error) });
  }
};
