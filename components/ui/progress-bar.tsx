import { cn } from "@/lib/client/cn";
import { formatPercent } from "@/lib/client/format-values";

const TONES = {
  brand: "bg-brand-600",
  success: "bg-emerald-600",
  danger: "bg-red-600",
  muted: "bg-slate-400",
} as const;

/** A determinate progress bar (value 0..1) with its percentage, announced as role="progressbar". */
export const ProgressBar = ({
  value,
  label,
  tone = "brand",
  showValue = true,
  className,
}: {
  value: number;
  label: string;
  tone?: keyof typeof TONES;
  showValue?: boolean;
  className?: string;
}) => {
  const percent = Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <div className={cn("flex items-center gap-2", className)}>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={formatPercent(value)}
        className="h-2 min-w-16 flex-1 overflow-hidden rounded-full bg-slate-200"
      >
        <div
          className={cn("h-full rounded-full transition-[width] duration-300", TONES[tone])}
          style={{ width: `${percent}%` }}
        />
      </div>
      {showValue && <span className="w-10 shrink-0 text-right text-xs tabular-nums text-slate-700">{percent}%</span>}
    </div>
  );
};
