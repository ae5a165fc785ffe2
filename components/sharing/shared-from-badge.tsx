import { Badge } from "@/components/ui/badge";

/** Marks an item of another project shared with this one (docs/sharing.md); nothing for the project's own items. */
export const SharedFromBadge = ({ sharedFrom }: { sharedFrom: { project: string; level: string } | null }) =>
  sharedFrom ? (
    <Badge tone="violet" title={sharedFrom.level === "READ" ? "Shared read-only" : "Shared read-write"}>
      Shared from {sharedFrom.project}
    </Badge>
  ) : null;
