import { CheckCircle2, CircleDashed, Loader2, OctagonX, XCircle } from "lucide-react";
import { Badge, type TBadgeTone } from "@/components/ui/badge";
import type { TJobStatus } from "@/lib/api/jobs";

const STATUS: Record<TJobStatus, { label: string; tone: TBadgeTone; icon: typeof CheckCircle2 }> = {
  QUEUED: { label: "Queued", tone: "neutral", icon: CircleDashed },
  RUNNING: { label: "Running", tone: "info", icon: Loader2 },
  SUCCEEDED: { label: "Succeeded", tone: "success", icon: CheckCircle2 },
  FAILED: { label: "Failed", tone: "danger", icon: XCircle },
  CANCELLED: { label: "Cancelled", tone: "warning", icon: OctagonX },
};

export const JOB_STATUS_LABELS: Record<TJobStatus, string> = Object.fromEntries(Object.entries(STATUS).map(([status, { label }]) => [status, label])) as Record<TJobStatus, string>;

export const JobStatusBadge = ({ status }: { status: TJobStatus }) => {
  const { label, tone, icon: Icon } = STATUS[status];
  return (
    <Badge tone={tone}>
      <Icon className={status === "RUNNING" ? "size-3 animate-spin" : "size-3"} aria-hidden />
      {label}
    </Badge>
  );
};

export const isActiveJob = (status: TJobStatus): boolean => status === "QUEUED" || status === "RUNNING";

export const progressToneOf = (status: TJobStatus) => (status === "FAILED" ? "danger" : status === "SUCCEEDED" ? "success" : status === "CANCELLED" ? "muted" : "brand");
