"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatPercent } from "@/lib/client/format-values";
import type { THistogramPoint } from "./histogram-series";

const CURRENT_COLOUR = "#2563eb";
const OTHER_COLOUR = "#f59e0b";
const TICK = { fontSize: 10, fill: "#475569" };

/** A histogram as bars of shares; with a compared commit, its shares overlaid on the same bins. */
export const HistogramChart = ({
  feature,
  points,
  currentLabel,
  otherLabel,
}: {
  feature: string;
  points: THistogramPoint[];
  currentLabel: string;
  otherLabel?: string;
}) => (
  <figure aria-label={`Histogram of ${feature}`} className="h-44 w-full" data-testid={`histogram-${feature}`}>
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={points} margin={{ top: 4, right: 4, left: 0, bottom: 0 }} barGap={0}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
        <XAxis dataKey="label" tick={TICK} tickLine={false} interval="preserveStartEnd" />
        <YAxis tickFormatter={formatPercent} tick={TICK} tickLine={false} axisLine={false} width={40} />
        <Tooltip formatter={(value) => formatPercent(Number(value))} cursor={{ fill: "#f1f5f9" }} />
        {otherLabel && <Legend wrapperStyle={{ fontSize: 11 }} />}
        <Bar dataKey="current" name={currentLabel} fill={CURRENT_COLOUR} isAnimationActive={false} />
        {otherLabel && (
          <Bar dataKey="other" name={otherLabel} fill={OTHER_COLOUR} fillOpacity={0.7} isAnimationActive={false} />
        )}
      </BarChart>
    </ResponsiveContainer>
  </figure>
);
