import { CheckCircle2, CircleDashed, Loader2, OctagonX, XCircle } from "lucide-react";
import { StatusBadge, type TStatusStyle } from "@/components/ui/status-badge";
import type { TJobStatus } from "@/lib/api/jobs";

const STATUS: Record<TJobStatus, TStatusStyle> = {
  QUEUED: { label: "Queued", tone: "neutral", icon: CircleDashed },
  RUNNING: { label: "Running", tone: "info", icon: Loader2 },
  SUCCEEDED: { label: "Succeeded", tone: "success", icon: CheckCircle2 },
  FAILED: { label: "Failed", tone: "danger", icon: XCircle },
  CANCELLED: { label: "Cancelled", tone: "warning", icon: OctagonX },
};

export const JOB_STATUS_LABELS: Record<TJobStatus, string> = Object.fromEntries(
  Object.entries(STATUS).map(([status, { label }]) => [status, label]),
) as Record<TJobStatus, string>;

export const JobStatusBadge = ({ status }: { status: TJobStatus }) => <StatusBadge status={status} styles={STATUS} />;

export const isActiveJob = (status: TJobStatus): boolean => status === "QUEUED" || status === "RUNNING";

export const progressToneOf = (status: TJobStatus) =>
  status === "FAILED" ? "danger" : status === "SUCCEEDED" ? "success" : status === "CANCELLED" ? "muted" : "brand";
