"use client";

import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TMetricPoint } from "./monitoring-series";

const TICK = { fontSize: 11, fill: "#475569" };

/** A dot per run: red where the run crossed the threshold, hollow grey where its window had no rows. */
const RunDot = (props: { cx?: number; cy?: number; payload?: TMetricPoint }) => {
  const { cx, cy, payload } = props;
  if (cx === undefined || cy === undefined || !payload || payload.value === null) return null;
  return (
    <circle
      cx={cx}
      cy={cy}
      r={payload.breached ? 5 : 3.5}
      fill={payload.breached ? "#dc2626" : "#2563eb"}
      stroke="white"
      strokeWidth={1}
    />
  );
};

/** One metric of one feature across runs, with its threshold as a dashed red line. */
export const MetricChart = ({
  title,
  points,
  threshold,
}: {
  title: string;
  points: TMetricPoint[];
  threshold: number;
}) => {
  const highest = Math.max(threshold, ...points.map((point) => point.value ?? 0));
  return (
    <figure aria-label={title} className="h-60 w-full" data-testid="metric-chart">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 12, right: 16, left: 4, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="label" tick={TICK} tickLine={false} interval="preserveStartEnd" />
          <YAxis tick={TICK} width={56} domain={[0, Math.ceil(highest * 1.2 * 100) / 100 || 1]} />
          <Tooltip
            formatter={(value) => (typeof value === "number" ? value.toPrecision(4) : "—")}
            labelFormatter={(label) => `run ${label}`}
          />
          <ReferenceLine
            y={threshold}
            stroke="#dc2626"
            strokeDasharray="6 4"
            label={{ value: `threshold ${threshold}`, position: "insideTopRight", fontSize: 11, fill: "#b91c1c" }}
          />
          <Line
            dataKey="value"
            name={title}
            stroke="#2563eb"
            dot={<RunDot />}
            isAnimationActive={false}
            connectNulls={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
};
