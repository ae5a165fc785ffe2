"use client";

import { Card, CardBody } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { HIDDEN_VALUE } from "@/lib/feature-values";
import { formatCount, formatPercent } from "@/lib/client/format-values";
import type { TFeatureStatistics } from "@/lib/api/statistics";
import { HistogramChart } from "./histogram-chart";
import { featureDeltas, histogramPoints, visibleHistogram } from "./histogram-series";

const formatNumber = (value: unknown): string => {
  if (value === HIDDEN_VALUE) return "hidden";
  if (value === null || value === undefined) return "—";
  if (typeof value === "number")
    return Number.isInteger(value)
      ? formatCount(value)
      : value.toLocaleString("en-US", { maximumSignificantDigits: 4 });
  return String(value);
};

const percentile = (feature: TFeatureStatistics, percent: number) =>
  Array.isArray(feature.percentiles)
    ? feature.percentiles.find((p) => p.percent === percent)?.value
    : feature.percentiles;

/** One feature's statistics: counts, values (or "hidden"), its histogram, and the deltas to a compared commit. */
export const FeatureCard = ({
  feature,
  compared,
  currentLabel,
  otherLabel,
}: {
  feature: TFeatureStatistics;
  compared?: TFeatureStatistics;
  currentLabel: string;
  otherLabel?: string;
}) => {
  const histogram = visibleHistogram(feature);
  const rows: [string, string][] = [
    ["Count", formatCount(feature.count)],
    ["Nulls", formatCount(feature.nulls)],
    ["Completeness", feature.completeness === null ? "—" : formatPercent(feature.completeness)],
    [feature.distinctExact ? "Distinct" : "Distinct (≈)", formatCount(feature.distinct)],
    ["Uniqueness", feature.uniqueness === null ? "—" : formatPercent(feature.uniqueness)],
  ];
  if ("min" in feature) rows.push(["Min", formatNumber(feature.min)], ["Max", formatNumber(feature.max)]);
  if ("mean" in feature)
    rows.push(
      ["Mean", formatNumber(feature.mean)],
      ["Std", formatNumber(feature.std)],
      ["Sum", formatNumber(feature.sum)],
      ["Median", formatNumber(percentile(feature, 50))],
      ["P1 / P99", `${formatNumber(percentile(feature, 1))} / ${formatNumber(percentile(feature, 99))}`],
    );
  if (feature.stringLength !== undefined)
    rows.push([
      "Length",
      feature.stringLength === HIDDEN_VALUE
        ? "hidden"
        : `${formatNumber(feature.stringLength.min)}–${formatNumber(feature.stringLength.max)} (mean ${formatNumber(feature.stringLength.mean)})`,
    ]);
  const deltas = compared ? featureDeltas(feature, compared) : [];
  return (
    <Card aria-label={`Statistics of ${feature.name}`} data-testid={`feature-card-${feature.name}`}>
      <CardBody className="grid gap-3">
        <div className="flex items-center justify-between gap-2">
          <h2 className="truncate font-mono text-sm font-semibold text-slate-900">{feature.name}</h2>
          <Badge>{feature.type}</Badge>
        </div>
        <dl className="grid grid-cols-2 gap-x-3 gap-y-1 text-xs">
          {rows.map(([label, value]) => (
            <div key={label} className="contents">
              <dt className="text-slate-600">{label}</dt>
              <dd className="text-right font-mono tabular-nums text-slate-900">{value}</dd>
            </div>
          ))}
        </dl>
        {histogram && (
          <HistogramChart
            feature={feature.name}
            points={histogramPoints(histogram, compared ? visibleHistogram(compared) : null)}
            currentLabel={currentLabel}
            otherLabel={compared ? otherLabel : undefined}
          />
        )}
        {feature.histogram === HIDDEN_VALUE && (
          <p className="text-xs text-slate-600">Values are hidden: they need the featureData:read scope.</p>
        )}
        {deltas.length > 0 && (
          <table className="text-xs" aria-label={`Changes of ${feature.name} since ${otherLabel}`}>
            <thead>
              <tr className="text-slate-600">
                <th className="text-left font-normal">Δ vs {otherLabel}</th>
                <th className="text-right font-normal">then</th>
                <th className="text-right font-normal">change</th>
              </tr>
            </thead>
            <tbody>
              {deltas.map((delta) => (
                <tr key={delta.label}>
                  <td className="text-slate-700">{delta.label}</td>
                  <td className="text-right font-mono">{formatNumber(delta.other)}</td>
                  <td className="text-right font-mono">
                    {delta.delta > 0 ? "+" : ""}
                    {formatNumber(delta.delta)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </CardBody>
    </Card>
  );
};
