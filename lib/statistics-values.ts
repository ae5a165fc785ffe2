import { HIDDEN_VALUE } from "./feature-values";
import { hasScope } from "./scopes";
import type { TFeatureStatistics, TStatisticsDocument, TStatisticsHistory } from "./api/statistics";

// Statistics are feature values where they reveal values (docs/statistics.md, docs/security.md): without
// `featureData:read` a reader sees how many values there are — count, nulls, completeness, distinct count,
// uniqueness — and every value-revealing field (min, max, mean, std, sum, percentiles, histograms with their
// edges, top values, string lengths, correlations) reads HIDDEN_VALUE, the marker the job texts use. This is the
// one function that decides it; every route that returns statistics passes its documents through it.

const VALUE_FIELDS = ["min", "max", "mean", "std", "sum", "percentiles", "histogram", "stringLength"] as const;

const canReadValues = (scopes: readonly string[]) => hasScope({ scopes, required: "featureData:read" });

const hideFeature = (feature: TFeatureStatistics): TFeatureStatistics => {
  const shown: TFeatureStatistics = { ...feature };
  for (const field of VALUE_FIELDS) if (field in shown) shown[field] = HIDDEN_VALUE;
  return shown;
};

/** A statistics document as this reader may see it. */
export const showStatistics = (document: TStatisticsDocument, scopes: readonly string[]): TStatisticsDocument =>
  canReadValues(scopes)
    ? document
    : {
        ...document,
        features: document.features.map(hideFeature),
        correlations: document.correlations === null ? null : HIDDEN_VALUE,
      };

/** The history line's points as this reader may see them: null ratios for everyone, means with featureData:read. */
export const showStatisticsHistory = (history: TStatisticsHistory, scopes: readonly string[]): TStatisticsHistory =>
  canReadValues(scopes)
    ? history
    : {
        points: history.points.map((point) => ({
          ...point,
          features: point.features.map((feature) => ({ ...feature, mean: HIDDEN_VALUE })),
        })),
      };
