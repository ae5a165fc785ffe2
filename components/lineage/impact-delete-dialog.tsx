"use client";

import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useCan } from "@/components/projects/project-context";
import { Alert } from "@/components/ui/alert";
import { DeleteDialog } from "@/components/ui/delete-dialog";
import { LINEAGE_KIND_LABELS } from "@/lib/api/lineage";
import { pluralize } from "@/lib/client/format";
import { fetchLineageImpact, lineageKeys, type TLineageRef } from "@/lib/client/lineage";
import { breakingDependents } from "@/lib/lineage/impact";
import { ImpactSection } from "./impact-section";

// A delete that says what depends on the artifact before anything is deleted (GET …/lineage/impact), and refuses
// what the API refuses (docs/lineage.md "Forced delete"): when views, datasets or models would break, only a
// principal holding lineage:override (Owners) may force it, from here, keeping them marked broken; others read why
// they cannot and what to delete first.

type TDeleteDialogProps = React.ComponentProps<typeof DeleteDialog>;

export const ImpactDeleteDialog = ({
  reference,
  onDelete,
  confirmLabel,
  children,
  ...dialog
}: Omit<TDeleteDialogProps, "onDelete" | "canSubmit" | "onOpenChange"> & {
  reference: TLineageRef;
  /** `force`: the API's ?force=true, sent only when the delete breaks dependents and the Owner ticked it. */
  onDelete: (force: boolean) => Promise<unknown>;
}) => {
  const canForce = useCan("lineage:override");
  const forceId = useId();
  const [isOpen, setIsOpen] = useState(false);
  const [force, setForce] = useState(false);
  const impact = useQuery({
    queryKey: lineageKeys.impact(reference),
    queryFn: () => fetchLineageImpact(reference),
    enabled: isOpen,
  });
  const breaking = impact.data ? breakingDependents(impact.data) : [];
  const breaks = breaking.length > 0;
  const many = breaking.length > 1;
  const named = breaking
    .map((d) => `${LINEAGE_KIND_LABELS[d.kind].toLowerCase()} ${d.name}${d.version === null ? "" : ` v${d.version}`}`)
    .join(", ");
  return (
    <DeleteDialog
      {...dialog}
      onOpenChange={(open) => {
        setIsOpen(open);
        if (!open) setForce(false);
      }}
      // Until the dependents are known, nothing is confirmed (a failed look-up leaves the API's 409 to decide).
      canSubmit={!impact.isPending && (!breaks || (canForce && force))}
      confirmLabel={breaks ? `Delete and mark ${pluralize(breaking.length, "dependent")} broken` : confirmLabel}
      onDelete={() => onDelete(breaks && force)}
    >
      {children}
      <div className="mt-3 text-sm">
        <p className="font-medium text-slate-900">What depends on it</p>
        <ImpactSection reference={reference} />
      </div>
      {breaks &&
        (canForce ? (
          <div className="mt-3 rounded-md border border-amber-200 bg-amber-50 px-3 py-2.5 text-sm text-amber-900">
            <p>
              A plain delete is refused while {named} {many ? "depend" : "depends"} on it. Forced,{" "}
              {many ? "they are" : "it is"} not deleted: {many ? "they stay" : "it stays"} marked broken and{" "}
              {many ? "fail" : "fails"} naming what was deleted
              {reference.kind === "feature_view" ? " (training datasets keep their files, still downloadable)" : ""}.
            </p>
            <label htmlFor={forceId} className="mt-2 flex items-start gap-2 font-medium">
              <input
                id={forceId}
                type="checkbox"
                className="mt-0.5 size-4 accent-red-600"
                checked={force}
                onChange={(event) => setForce(event.target.checked)}
              />
              Force the delete: keep {pluralize(breaking.length, "dependent")} marked broken
            </label>
          </div>
        ) : (
          <Alert tone="warning" title="You cannot delete it while others depend on it" className="mt-3">
            {named.charAt(0).toUpperCase() + named.slice(1)} {many ? "depend" : "depends"} on it. Delete{" "}
            {many ? "them" : "it"} first, or ask a project Owner: forcing the delete (keeping {many ? "them" : "it"}{" "}
            marked broken) needs the lineage:override scope, which you do not hold here.
          </Alert>
        ))}
    </DeleteDialog>
  );
};
