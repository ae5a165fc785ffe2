import { HIDDEN_VALUE } from "./feature-values";
import { hasScope } from "./scopes";
import { showStatistics } from "./statistics-values";
import { showRuleResult, type TStoredRuleResult } from "./validation-values";
import type { TBacktestFeature, TBacktestReport } from "./api/backtests";

// A backtest report shows feature values where it shows statistics, validation results, drift metric values,
// histograms and the keys one version has and the other lacks (docs/backtesting.md). Without `featureData:read`
// (the Auditor) a reader sees rows, key counts, timings, pass/fail and which thresholds were crossed — every value
// reads HIDDEN_VALUE, through the same functions statistics and validation reports use. Every route that returns a
// backtest passes its report through showBacktestReport.

type TSide = TBacktestReport["baseline"];
type TStoredSide = Omit<TSide, "validation"> & {
  validation: (Omit<NonNullable<TSide["validation"]>, "results"> & { results: TStoredRuleResult[] }) | null;
};
type TKeys = NonNullable<TBacktestReport["keys"]>;

/** The report as the job stores it: failing rows and key samples as they were. */
export type TStoredBacktestReport = Omit<TBacktestReport, "baseline" | "candidate" | "keys"> & {
  baseline: TStoredSide;
  candidate: TStoredSide;
  keys: Omit<TKeys, "samplesHidden"> | null;
};

const canReadValues = (scopes: readonly string[]) => hasScope({ scopes, required: "featureData:read" });

const showSide = (side: TStoredSide, scopes: readonly string[]): TSide => ({
  ...side,
  statistics: showStatistics(side.statistics, scopes),
  validation: side.validation && {
    ...side.validation,
    results: side.validation.results.map((result) => showRuleResult(result, scopes)),
  },
});

const hideDrift = (feature: TBacktestFeature): TBacktestFeature =>
  feature.drift === null
    ? feature
    : {
        ...feature,
        drift: {
          ...feature.drift,
          metrics: feature.drift.metrics.map((metric) => ({ ...metric, value: HIDDEN_VALUE })),
          histogram: feature.drift.histogram === null ? null : HIDDEN_VALUE,
        },
      };

export const showBacktestReport = (report: TStoredBacktestReport, scopes: readonly string[]): TBacktestReport => {
  const canRead = canReadValues(scopes);
  const keys = report.keys;
  return {
    ...report,
    baseline: showSide(report.baseline, scopes),
    candidate: showSide(report.candidate, scopes),
    keys: keys && {
      ...keys,
      samples: canRead ? keys.samples : { onlyInBaseline: [], onlyInCandidate: [] },
      samplesHidden: !canRead && keys.samples.onlyInBaseline.length + keys.samples.onlyInCandidate.length > 0,
    },
    features: canRead ? report.features : report.features.map(hideDrift),
  };
};
