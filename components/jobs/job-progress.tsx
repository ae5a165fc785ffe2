import { OctagonX, XCircle } from "lucide-react";
import { ProgressBar } from "@/components/ui/progress-bar";
import type { TJobStatus } from "@/lib/api/jobs";
import { progressToneOf } from "./job-status-badge";

/**
 * A job's progress. A failed or cancelled job shows its end state, not the bar where it stopped: a failed
 * ingest commits nothing, so a bar at 5 % would read as if a twentieth of the file had been loaded.
 */
export const JobProgress = ({ job, label }: { job: { status: TJobStatus; progress: number }; label: string }) => {
  if (job.status === "FAILED" || job.status === "CANCELLED") {
    const Icon = job.status === "FAILED" ? XCircle : OctagonX;
    return (
      <span
        className={`inline-flex items-center gap-1.5 text-xs font-medium ${job.status === "FAILED" ? "text-red-700" : "text-slate-600"}`}
        aria-label={`${label}: ${job.status === "FAILED" ? "failed" : "cancelled"}`}
      >
        <Icon className="size-3.5 shrink-0" aria-hidden />
        {job.status === "FAILED" ? "Failed" : "Cancelled"}
      </span>
    );
  }
  return (
    <ProgressBar
      value={job.status === "SUCCEEDED" ? 1 : job.progress}
      tone={progressToneOf(job.status)}
      label={label}
    />
  );
};
