import type { TCreateTrainingDataset, TSplit, TSpine, TTrainingDatasetFormat } from "@/lib/api/training-datasets";
import type { TFieldMessages } from "@/lib/client/form-errors";

// The create-training-dataset form's state and its translation to the request body. Times are entered
// in the browser's time zone (datetime-local) and sent as ISO instants.

/** What a part of the dataset form (spine, split) is given: the form's field errors and where its draft goes. */
export type TDraftFieldsProps<TDraft> = { errors: TFieldMessages; onChange: (next: TDraft) => void };

export type TSpineDraft = {
  type: TSpine["type"];
  start: string;
  end: string;
  uploadId: string | null;
  uploadEventTime: string;
  featureGroup: string;
  featureGroupEventTime: string;
};
export type TRangeDraft = { start: string; end: string };
export type TSplitDraft = {
  type: TSplit["type"];
  train: string;
  validation: string;
  test: string;
  seed: string;
  ranges: { train: TRangeDraft; validation: TRangeDraft; test: TRangeDraft };
};
export type TDatasetDraft = {
  name: string;
  description: string;
  spine: TSpineDraft;
  split: TSplitDraft;
  format: TTrainingDatasetFormat;
};

const emptyRange = (): TRangeDraft => ({ start: "", end: "" });
export const initialDatasetDraft = (viewName: string): TDatasetDraft => ({
  name: viewName,
  description: "",
  spine: {
    type: "timeRange",
    start: "",
    end: "",
    uploadId: null,
    uploadEventTime: "",
    featureGroup: "",
    featureGroupEventTime: "",
  },
  split: {
    type: "none",
    train: "0.8",
    validation: "0",
    test: "0.2",
    seed: "42",
    ranges: { train: emptyRange(), validation: emptyRange(), test: emptyRange() },
  },
  format: "parquet",
});

const instant = (local: string): string | undefined => {
  if (!local) return undefined;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? local : date.toISOString();
};
const rangeOf = (range: TRangeDraft) => ({
  ...(range.start ? { start: instant(range.start) } : {}),
  ...(range.end ? { end: instant(range.end) } : {}),
});
const hasRange = (range: TRangeDraft) => Boolean(range.start || range.end);

/** The sum of the random split's fractions, or null while one is not a number. */
export const splitSum = (split: TSplitDraft): number | null => {
  const values = [split.train, split.validation || "0", split.test].map(Number);
  return values.some((value) => Number.isNaN(value)) ? null : values.reduce((sum, value) => sum + value, 0);
};

const spineOf = (spine: TSpineDraft): TSpine => {
  if (spine.type === "upload")
    return { type: "upload", uploadId: spine.uploadId ?? "", eventTime: spine.uploadEventTime };
  if (spine.type === "featureGroup") {
    const [name, version] = spine.featureGroup.split("@");
    return {
      type: "featureGroup",
      featureGroup: { name: name ?? "", version: Number(version) || 1 },
      ...(spine.featureGroupEventTime ? { eventTime: spine.featureGroupEventTime } : {}),
    };
  }
  return { type: "timeRange", ...rangeOf(spine) };
};

const splitOf = (split: TSplitDraft): TSplit => {
  if (split.type === "random")
    return {
      type: "random",
      train: Number(split.train),
      validation: Number(split.validation || 0),
      test: Number(split.test),
      seed: Number(split.seed),
    };
  if (split.type === "time") {
    return {
      type: "time",
      train: rangeOf(split.ranges.train),
      ...(hasRange(split.ranges.validation) ? { validation: rangeOf(split.ranges.validation) } : {}),
      ...(hasRange(split.ranges.test) ? { test: rangeOf(split.ranges.test) } : {}),
    };
  }
  return { type: "none" };
};

export const toCreateDatasetRequest = (draft: TDatasetDraft): TCreateTrainingDataset => ({
  ...(draft.name.trim() ? { name: draft.name.trim() } : {}),
  description: draft.description,
  spine: spineOf(draft.spine),
  split: splitOf(draft.split),
  format: draft.format,
});
