"use client";

import { CardBody, Section } from "@/components/ui/card";
import { HIDDEN_VALUE } from "@/lib/feature-values";
import type { TStatistics } from "@/lib/api/statistics";
import { formatCount } from "@/lib/client/format-values";
import { CorrelationHeatmap } from "./correlation-heatmap";
import { FeatureCard } from "./feature-card";

/** A statistics document as cards per feature plus the correlation heatmap; shared by groups and datasets. */
export const StatisticsGrid = ({
  statistics,
  compared,
  currentLabel,
  otherLabel,
}: {
  statistics: TStatistics;
  compared?: TStatistics;
  currentLabel: string;
  otherLabel?: string;
}) => {
  const { correlations } = statistics.statistics;
  const other = new Map(compared?.statistics.features.map((feature) => [feature.name, feature]));
  return (
    <div className="grid gap-6">
      <p className="text-sm text-slate-600">
        {formatCount(statistics.statistics.rowCount)} rows · computed {new Date(statistics.computedAt).toLocaleString()}
        {compared && ` · compared with ${otherLabel} (${formatCount(compared.statistics.rowCount)} rows)`}
      </p>
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2 xl:grid-cols-3">
        {statistics.statistics.features.map((feature) => (
          <FeatureCard
            key={feature.name}
            feature={feature}
            compared={other.get(feature.name)}
            currentLabel={currentLabel}
            otherLabel={otherLabel}
          />
        ))}
      </div>
      {correlations && (
        <Section id="correlations-title" title="Correlations" description="Pearson's r between numeric features.">
          <CardBody>
            {correlations === HIDDEN_VALUE ? (
              <p className="text-sm text-slate-600">Correlations are hidden: they need the featureData:read scope.</p>
            ) : (
              <CorrelationHeatmap features={correlations.features} matrix={correlations.matrix} />
            )}
          </CardBody>
        </Section>
      )}
    </div>
  );
};
