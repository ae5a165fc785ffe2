"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { HIDDEN_VALUE } from "@/lib/feature-values";
import { formatPercent } from "@/lib/client/format-values";
import type { TStatisticsHistory } from "@/lib/api/statistics";

/** One feature's mean (left axis, when visible) and null ratio (right axis) across the described commits. */
export const HistoryChart = ({ history, feature }: { history: TStatisticsHistory; feature: string }) => {
  const points = history.points.map((point) => {
    const found = point.features.find((candidate) => candidate.name === feature);
    return {
      label: `#${point.commit}`,
      mean: typeof found?.mean === "number" ? found.mean : null,
      nullRatio: found?.nullRatio ?? null,
    };
  });
  const hasMean = history.points.some((point) =>
    point.features.some(
      (candidate) => candidate.name === feature && candidate.mean !== HIDDEN_VALUE && candidate.mean !== null,
    ),
  );
  return (
    <figure aria-label={`Mean and null ratio of ${feature} across commits`} className="h-56 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 8, right: 8, left: 8, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="label" tick={{ fontSize: 12, fill: "#475569" }} tickLine={false} />
          {hasMean && <YAxis yAxisId="mean" tick={{ fontSize: 12, fill: "#475569" }} width={64} />}
          <YAxis
            yAxisId="nulls"
            orientation="right"
            domain={[0, 1]}
            tickFormatter={(value: number) => formatPercent(value)}
            tick={{ fontSize: 12, fill: "#475569" }}
            width={48}
          />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {hasMean && <Line yAxisId="mean" dataKey="mean" name="Mean" stroke="#2563eb" dot isAnimationActive={false} />}
          <Line yAxisId="nulls" dataKey="nullRatio" name="Null ratio" stroke="#dc2626" dot isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
};
