import { CheckCircle2, CircleDashed, Eraser, Loader2, OctagonX, XCircle } from "lucide-react";
import { StatusBadge, type TStatusStyle } from "@/components/ui/status-badge";

export const TRAINING_DATASET_STATUSES: Record<string, TStatusStyle> = {
  PENDING: { label: "Pending", tone: "neutral", icon: CircleDashed },
  RUNNING: { label: "Running", tone: "info", icon: Loader2 },
  READY: { label: "Ready", tone: "success", icon: CheckCircle2 },
  FAILED: { label: "Failed", tone: "danger", icon: XCircle },
  CANCELLED: { label: "Cancelled", tone: "warning", icon: OctagonX },
  // An erasure deleted its files and re-created it without the erased rows (docs/erasure.md).
  ERASED: { label: "Erased", tone: "neutral", icon: Eraser },
};

export const isActiveDataset = (status: string): boolean => status === "PENDING" || status === "RUNNING";

export const TrainingDatasetStatusBadge = ({ status }: { status: string }) => (
  <StatusBadge status={status} styles={TRAINING_DATASET_STATUSES} />
);

export const SPLIT_LABELS: Record<string, string> = {
  train: "Train",
  validation: "Validation",
  test: "Test",
  all: "All rows",
};
