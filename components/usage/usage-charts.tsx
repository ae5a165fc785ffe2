"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Download } from "lucide-react";
import { Select } from "@/components/ui/input";
import { formatBytes, formatCount, formatDuration } from "@/lib/client/format-values";

// Pieces the project's Usage page and the administrators' page share: the range picker, the CSV link, the figures
// and the stacked bar chart per day (docs/usage.md).

const RANGES = [
  { days: 7, label: "Last 7 days" },
  { days: 30, label: "Last 30 days" },
  { days: 90, label: "Last 90 days" },
  { days: 366, label: "Last year" },
];
const COLOURS = ["#2563eb", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#16a34a", "#dc2626", "#475569"];
const AXIS = { fontSize: 12, fill: "#475569" };

export type TUnit = "bytes" | "seconds" | "count";
export const formatValue = (value: number, unit: TUnit) =>
  unit === "bytes" ? formatBytes(value) : unit === "seconds" ? formatDuration(value * 1000) : formatCount(value);

/** Axis ticks stay one short line: "90 s", "12 min", "3.5 h". */
const axisValue = (value: number, unit: TUnit) => {
  if (unit !== "seconds") return formatValue(value, unit);
  if (value < 120) return `${Math.round(value)} s`;
  if (value < 7200) return `${Math.round(value / 60)} min`;
  return `${(value / 3600).toFixed(1)} h`;
};

const DAY_MS = 86_400_000;
export const rangeOf = (days: number, now = Date.now()) => ({
  from: new Date(now - (days - 1) * DAY_MS).toISOString().slice(0, 10),
  to: new Date(now).toISOString().slice(0, 10),
});

export const RangePicker = ({ days, onChange }: { days: number; onChange: (days: number) => void }) => (
  <Select aria-label="Range" value={String(days)} onValueChange={(value) => onChange(Number(value))}>
    {RANGES.map((range) => (
      <option key={range.days} value={range.days}>
        {range.label}
      </option>
    ))}
  </Select>
);

/** The CSV of the same range, downloaded by the browser with the session (a GET needs no CSRF header). */
export const CsvLink = ({ href }: { href: string }) => (
  <a
    href={href}
    download
    className="inline-flex h-9 items-center gap-1.5 whitespace-nowrap rounded-md border border-slate-300 bg-white px-3 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50"
  >
    <Download className="size-4" aria-hidden />
    Download CSV
  </a>
);

export const Figures = ({ items }: { items: [string, string][] }) => (
  <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" aria-label="Usage totals">
    {items.map(([term, value]) => (
      <div key={term} className="rounded-md border border-slate-200 px-3 py-2">
        <dt className="text-xs text-slate-600">{term}</dt>
        <dd className="text-base font-semibold text-slate-900 tabular-nums">{value}</dd>
      </div>
    ))}
  </dl>
);

/** One bar per day, its series stacked: `data` rows are `{ day, [series]: value }`. */
export const StackedDayChart = ({
  label,
  data,
  series,
  unit,
}: {
  label: string;
  data: Record<string, number | string>[];
  series: { key: string; name: string }[];
  unit: TUnit;
}) => (
  <figure aria-label={label} className="grid gap-1">
    <figcaption className="text-xs font-medium text-slate-700">{label}</figcaption>
    <div className="h-56 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
          <XAxis dataKey="day" tick={AXIS} tickFormatter={(day: string) => day.slice(5)} />
          <YAxis tick={AXIS} width={72} tickFormatter={(value: number) => axisValue(value, unit)} />
          <Tooltip formatter={(value) => formatValue(Number(value), unit)} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {series.map((entry, index) => (
            <Bar
              key={entry.key}
              dataKey={entry.key}
              name={entry.name}
              stackId="day"
              fill={COLOURS[index % COLOURS.length]}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  </figure>
);

/** Rows `{ day, metric, value }` as chart data: one entry per day of the range, the metrics as its keys. */
export const byDay = (
  rows: { day: string; metric: string; value: number }[],
  metrics: (metric: string) => string | null,
  from: string,
  to: string,
) => {
  const days = new Map<string, Record<string, number | string>>();
  for (let time = Date.parse(from); time <= Date.parse(to); time += DAY_MS) {
    const day = new Date(time).toISOString().slice(0, 10);
    days.set(day, { day });
  }
  for (const row of rows) {
    const key = metrics(row.metric);
    const entry = days.get(row.day);
    if (!key || !entry) continue;
    entry[key] = Number(entry[key] ?? 0) + row.value;
  }
  return [...days.values()];
};
