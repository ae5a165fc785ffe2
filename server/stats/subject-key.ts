import "server-only";

// One statistics row per subject (FeatureStatistics.subjectKey): a commit, a window of a commit, or a split.

export type TWindow = { start: string; end: string };

export const commitSubjectKey = ({
  featureGroupId,
  commit,
  window,
}: {
  featureGroupId: string;
  commit: number;
  window?: TWindow | null;
}) =>
  `fg:${featureGroupId}:${commit}${window ? `:${new Date(window.start).toISOString()}/${new Date(window.end).toISOString()}` : ""}`;

export const splitSubjectKey = ({ trainingDatasetId, split }: { trainingDatasetId: string; split: string }) =>
  `td:${trainingDatasetId}:${split}`;
