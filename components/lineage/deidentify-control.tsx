"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { TLineageEdge } from "@/lib/api/lineage";
import { setEdgeDeidentifying } from "@/lib/client/lineage";

/** The Owner's control on a column edge: mark it de-identifying with a reason (PII stops there), or clear it. */
export const DeidentifyControl = ({ project, edge, label }: { project: string; edge: TLineageEdge; label: string }) => {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const mutation = useMutation({
    mutationFn: (deidentifying: boolean) =>
      setEdgeDeidentifying({ project, edge: edge.id, deidentifying, reason: deidentifying ? reason : "" }),
    onSuccess: () => {
      setOpen(false);
      return queryClient.invalidateQueries({ queryKey: ["projects", project, "lineage"] });
    },
  });
  if (edge.deidentifying)
    return (
      <Button variant="secondary" size="sm" disabled={mutation.isPending} onClick={() => mutation.mutate(false)}>
        Clear de-identifying
      </Button>
    );
  if (!open)
    return (
      <Button variant="secondary" size="sm" onClick={() => setOpen(true)}>
        De-identify…
      </Button>
    );
  return (
    <form
      className="flex flex-wrap items-center gap-1"
      onSubmit={(event) => {
        event.preventDefault();
        mutation.mutate(true);
      }}
    >
      <input
        aria-label={`Why ${label} is de-identifying`}
        placeholder="hashed, aggregated …"
        className="rounded border border-slate-300 px-2 py-0.5 text-xs"
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        required
      />
      <Button size="sm" type="submit" disabled={mutation.isPending}>
        Save
      </Button>
      {mutation.isError && <span className="text-xs text-red-700">{String(mutation.error.message)}</span>}
    </form>
  );
};
