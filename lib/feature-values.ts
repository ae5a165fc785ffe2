import type { TTransformationStatistics } from "./api/training-datasets";
import { hasScope } from "./scopes";

// Feature values that end up in text meant for people — a failed ingest's "rows 2: "SECRET"", a spine's bad event
// times, an engine's "Could not convert string 'x'" — are marked where the text is made, stored marked (Job.error,
// JobLog.message), and shown or hidden when the text is read, by the reader's scopes: values need
// `featureData:read`; everyone else (the Auditor, a metadata-only API key) reads the same message with each value
// replaced. The marks are two Private Use Area characters around the value: they survive every concatenation on
// the way ("Attempt 2 failed: …", "Failed permanently: …") and a cut at the log's length limit, which a separate
// template/values column would not, and no other text contains them (they are stripped from marked values).

const OPEN = "\uE000";
const CLOSE = "\uE001";
// A value cut by a length limit has no closing mark: hide up to the end of the text.
const MARKED = /\uE000([^\uE001]*)(?:\uE001|$)/g;
const STRAY_MARK = /[\uE000\uE001]/g;

export const HIDDEN_VALUE = "[value hidden]";

/** Marks a feature value inside a message. */
export const featureValue = (value: string): string => `${OPEN}${value.replace(STRAY_MARK, "")}${CLOSE}`;

/** Marks a whole message as possibly quoting values (an engine's error text, whose wording is not ours). */
export const markForeignError = (message: string): string => {
  // DuckDB: "Conversion Error: Could not convert string 'x' to INT32" — keep the kind of error, mark the rest.
  const engine = /^([A-Za-z][A-Za-z ]{0,30} Error): ([\s\S]*)$/.exec(message);
  return engine ? `${engine[1]}: ${featureValue(engine[2])}` : message;
};

const canReadFeatureValues = (scopes: readonly string[]): boolean => hasScope({ scopes, required: "featureData:read" });

/** The text as this reader may see it: values shown (marks removed) with `featureData:read`, hidden otherwise. */
export const showFeatureValues = <T extends string | null>(text: T, scopes: readonly string[]): T => {
  if (text === null) return text;
  const canRead = canReadFeatureValues(scopes);
  return text.replace(MARKED, (_marked, value: string) => (canRead ? value : HIDDEN_VALUE)) as T;
};

/**
 * Fitted statistics are aggregates of feature values (means, deviations, category vocabularies): without
 * `featureData:read` only which transformation each feature has is shown.
 */
export const showTransformationStatistics = (
  statistics: TTransformationStatistics | null,
  scopes: readonly string[],
): TTransformationStatistics | null =>
  statistics === null || canReadFeatureValues(scopes)
    ? statistics
    : Object.fromEntries(Object.entries(statistics).map(([feature, fitted]) => [feature, { type: fitted.type }]));

/**
 * A one-hot encoder names its output columns after the categories (`category_food`): without `featureData:read`
 * those names are values too, and read as `category_[value hidden]`.
 */
export const showDatasetColumns = <C extends { name: string }>(
  columns: C[],
  statistics: TTransformationStatistics | null,
  scopes: readonly string[],
): C[] => {
  if (canReadFeatureValues(scopes)) return columns;
  const encoded = new Map<string, string>();
  for (const [feature, fitted] of Object.entries(statistics ?? {}))
    if (fitted.type === "one_hot_encoder")
      for (const value of fitted.vocabulary ?? []) encoded.set(`${feature}_${value}`, `${feature}_${HIDDEN_VALUE}`);
  return columns.map((column) => (encoded.has(column.name) ? { ...column, name: encoded.get(column.name)! } : column));
};
