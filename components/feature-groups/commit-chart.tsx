"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatCount } from "@/lib/client/format-values";
import { COMMIT_SERIES, type TCommitChartPoint } from "./commit-chart-series";

/** Rows inserted, updated and deleted per commit, as grouped bars. */
export const CommitChart = ({ points }: { points: TCommitChartPoint[] }) => (
  <figure aria-label="Rows inserted, updated and deleted per commit" className="h-56 w-full">
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={points} margin={{ top: 8, right: 8, left: 8, bottom: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
        <XAxis
          dataKey="label"
          tick={{ fontSize: 12, fill: "#475569" }}
          tickLine={false}
          axisLine={{ stroke: "#cbd5e1" }}
        />
        <YAxis
          tickFormatter={(value: number) => formatCount(value)}
          tick={{ fontSize: 12, fill: "#475569" }}
          tickLine={false}
          axisLine={false}
          width={64}
        />
        <Tooltip
          formatter={(value) => formatCount(Number(value))}
          labelFormatter={(label) => `Commit ${label}`}
          cursor={{ fill: "#f1f5f9" }}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
        {COMMIT_SERIES.map((series) => (
          <Bar
            key={series.key}
            dataKey={series.key}
            name={series.label}
            fill={series.color}
            radius={[2, 2, 0, 0]}
            maxBarSize={28}
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  </figure>
);
