import { formatPercent } from "@/lib/client/format-values";

/** The catalog's small completeness indicator: non-null share of the latest described commit, as a bar. */
export const CompletenessMeter = ({ completeness }: { completeness: number | null }) => {
  if (completeness === null) return <span className="text-xs text-slate-500">—</span>;
  const percent = formatPercent(completeness);
  return (
    <span className="flex items-center gap-2" title={`${percent} of values are present (latest statistics)`}>
      <span className="h-1.5 w-12 overflow-hidden rounded-full bg-slate-200" aria-hidden>
        <span
          className={completeness >= 0.95 ? "block h-full bg-emerald-600" : "block h-full bg-amber-500"}
          style={{ width: percent }}
        />
      </span>
      <span className="text-xs tabular-nums text-slate-700">{percent}</span>
    </span>
  );
};
