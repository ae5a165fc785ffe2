import { Badge } from "@/components/ui/badge";
import { Alert } from "@/components/ui/alert";

/** Marks an item of another project shared with this one (docs/sharing.md); nothing for the project's own items. */
export const SharedFromBadge = ({ sharedFrom }: { sharedFrom: { project: string; level: string } | null }) =>
  sharedFrom ? (
    <Badge tone="violet" title={sharedFrom.level === "READ" ? "Shared read-only" : "Shared read-write"}>
      Shared from {sharedFrom.project}
    </Badge>
  ) : null;

/** The banner on a shared item's own page: whose it is, and what this project may do with it. */
export const SharedFromBanner = ({
  sharedFrom,
  kind,
}: {
  sharedFrom: { project: string; level: string } | null;
  kind: string;
}) =>
  sharedFrom ? (
    <Alert tone="info" title={`Shared from ${sharedFrom.project}`}>
      This {kind} belongs to {sharedFrom.project}, which shares it with this project (
      {sharedFrom.level === "READ" ? "read-only" : "read-write: rows may be added through the API"}). Its definition can
      be changed or deleted only there.
    </Alert>
  ) : null;
