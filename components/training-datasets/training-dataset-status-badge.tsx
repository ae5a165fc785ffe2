import { CheckCircle2, CircleDashed, Loader2, OctagonX, XCircle } from "lucide-react";
import { Badge, type TBadgeTone } from "@/components/ui/badge";

const STATUS: Record<string, { label: string; tone: TBadgeTone; icon: typeof CheckCircle2 }> = {
  PENDING: { label: "Pending", tone: "neutral", icon: CircleDashed },
  RUNNING: { label: "Running", tone: "info", icon: Loader2 },
  READY: { label: "Ready", tone: "success", icon: CheckCircle2 },
  FAILED: { label: "Failed", tone: "danger", icon: XCircle },
  CANCELLED: { label: "Cancelled", tone: "warning", icon: OctagonX },
};

export const isActiveDataset = (status: string): boolean => status === "PENDING" || status === "RUNNING";

export const TrainingDatasetStatusBadge = ({ status }: { status: string }) => {
  const { label, tone, icon: Icon } = STATUS[status] ?? { label: status, tone: "neutral" as const, icon: CircleDashed };
  return (
    <Badge tone={tone}>
      <Icon className={status === "RUNNING" ? "size-3 animate-spin" : "size-3"} aria-hidden />
      {label}
    </Badge>
  );
};

export const SPLIT_LABELS: Record<string, string> = { train: "Train", validation: "Validation", test: "Test", all: "All rows" };
