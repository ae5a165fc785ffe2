import { Download } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { CardBody, Section } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/components/ui/table";
import { TRAINING_DATASET_FORMATS, type TTrainingDataset } from "@/lib/api/training-datasets";
import { featureGroupHref } from "@/lib/client/feature-store";
import { splitDownloadHref } from "@/lib/client/feature-views";
import { formatAbsoluteTime } from "@/lib/client/format";
import { formatBytes, formatCount } from "@/lib/client/format-values";
import { SPLIT_LABELS } from "./training-dataset-status-badge";

const FORMAT_LABELS = { parquet: "Parquet", csv: "CSV" } as const;
const statistic = (value: number | null | undefined) =>
  value === null || value === undefined ? "—" : Number.isInteger(value) ? formatCount(value) : value.toPrecision(4);

export const SplitsSection = ({
  project,
  dataset,
  canDownload,
}: {
  project: string;
  dataset: TTrainingDataset;
  canDownload: boolean;
}) => (
  <Section
    id="td-splits"
    title="Splits"
    description={
      dataset.status === "READY"
        ? `${formatCount(dataset.rowCount)} rows, ${dataset.columns.length} columns, written as ${FORMAT_LABELS[dataset.format]}.`
        : "The files appear here once the job has finished."
    }
  >
    {dataset.splits.length === 0 ? (
      <CardBody>
        <p className="text-sm text-slate-600">No files yet.</p>
      </CardBody>
    ) : (
      <Table
        caption={`Splits of ${dataset.name} v${dataset.version}`}
        columns={["Split", "Rows", "Share", "Size", "Download"]}
        numeric={["Rows", "Share", "Size"]}
      >
        <TableBody>
          {dataset.splits.map((split) => {
            const label = SPLIT_LABELS[split.name] ?? split.name;
            return (
              <TableRow key={split.name}>
                <TableCell className="font-medium">{label}</TableCell>
                <TableCell className="text-right tabular-nums">{formatCount(split.rowCount)} rows</TableCell>
                <TableCell className="text-right tabular-nums">
                  {dataset.rowCount ? `${((split.rowCount / dataset.rowCount) * 100).toFixed(1)}%` : "—"}
                </TableCell>
                <TableCell className="text-right tabular-nums">{formatBytes(split.sizeBytes)}</TableCell>
                <TableCell>
                  {canDownload ? (
                    <span className="flex gap-3">
                      {TRAINING_DATASET_FORMATS.map((format) => (
                        <a
                          key={format}
                          href={splitDownloadHref({
                            project,
                            name: dataset.name,
                            version: dataset.version,
                            split: split.name,
                            format,
                          })}
                          download
                          className="inline-flex items-center gap-1 text-sm text-brand-700 hover:underline"
                          aria-label={`Download ${split.name} split (${FORMAT_LABELS[format]})`}
                        >
                          <Download className="size-4" aria-hidden /> {FORMAT_LABELS[format]}
                        </a>
                      ))}
                    </span>
                  ) : (
                    <span className="text-xs text-slate-500">Your role cannot read feature values</span>
                  )}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    )}
  </Section>
);

export const SourceCommitsSection = ({ project, dataset }: { project: string; dataset: TTrainingDataset }) => (
  <Section
    id="td-sources"
    title="Source commits"
    description="The table version of every group read, pinned so that re-creating gives the same rows in the same order."
  >
    <Table
      caption={`Source commits of ${dataset.name} v${dataset.version}`}
      columns={["Feature group", "Role", "Pinned table version"]}
      numeric={["Pinned table version"]}
    >
      <TableBody>
        {dataset.sourceCommits.map((source) => (
          <TableRow key={`${source.role}.${source.featureGroup.name}.${source.featureGroup.version}`}>
            <TableCell>
              {source.featureGroup.id ? (
                <Link
                  href={featureGroupHref(
                    project,
                    source.featureGroup.name,
                    source.featureGroup.version,
                    `?tab=data&asOf=${source.deltaVersion}`,
                  )}
                  className="font-mono text-sm text-slate-900 hover:text-brand-700 hover:underline"
                >
                  {source.featureGroup.name} v{source.featureGroup.version}
                </Link>
              ) : (
                <span className="font-mono text-sm text-slate-600">
                  {source.featureGroup.name} v{source.featureGroup.version} (deleted)
                </span>
              )}
            </TableCell>
            <TableCell>
              <Badge tone={source.role === "root" ? "brand" : "neutral"}>{source.role}</Badge>
            </TableCell>
            <TableCell className="text-right tabular-nums">{source.deltaVersion}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  </Section>
);

export const TransformationStatisticsSection = ({ dataset }: { dataset: TTrainingDataset }) => {
  const entries = Object.entries(dataset.transformationStatistics ?? {});
  if (entries.length === 0) return null;
  return (
    <Section
      id="td-statistics"
      title="Transformation statistics"
      description="Fitted on the train split (all rows when unsplit) and applied to every split and to online vectors."
    >
      <Table>
        <caption className="sr-only">Transformation statistics</caption>
        <TableHead>
          <tr>
            {["Feature", "Transformation", "Min", "Max", "Mean", "Std", "Median", "IQR", "Vocabulary"].map((header) => (
              <TableHeaderCell
                key={header}
                className={header === "Feature" || header === "Transformation" ? undefined : "text-right"}
              >
                {header}
              </TableHeaderCell>
            ))}
          </tr>
        </TableHead>
        <TableBody>
          {entries.map(([feature, stats]) => (
            <TableRow key={feature}>
              <TableCell className="font-mono text-xs font-medium">{feature}</TableCell>
              <TableCell className="text-xs">{stats.type}</TableCell>
              {[stats.min, stats.max, stats.mean, stats.std, stats.median, stats.iqr].map((value, index) => (
                <TableCell key={index} className="text-right text-xs tabular-nums">
                  {statistic(value)}
                </TableCell>
              ))}
              <TableCell className="text-right text-xs" title={stats.vocabulary?.join(", ")}>
                {stats.vocabulary ? `${formatCount(stats.vocabulary.length)} values` : "—"}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Section>
  );
};

type TRange = { start?: string; end?: string };
const rangeText = (range: TRange | undefined) =>
  range
    ? `${range.start ? formatAbsoluteTime(range.start) : "the beginning"} → ${range.end ? formatAbsoluteTime(range.end) : "now"}`
    : "—";

/** How the rows were chosen and split, as recorded with the dataset. */
export const SettingsSection = ({ dataset }: { dataset: TTrainingDataset }) => {
  const spine = (dataset.spine ?? { type: "timeRange" }) as {
    type: string;
    start?: string;
    end?: string;
    uploadId?: string;
    eventTime?: string;
    featureGroup?: { name: string; version: number };
  };
  const split = (dataset.split ?? { type: "none" }) as {
    type: string;
    train?: number | TRange;
    validation?: number | TRange;
    test?: number | TRange;
    seed?: number;
  };
  const fraction = (value: number | TRange | undefined) =>
    typeof value === "number" ? `${Math.round(value * 1000) / 10}%` : rangeText(value);
  return (
    <Section id="td-settings" title="Settings">
      <CardBody>
        <dl className="grid gap-4 text-sm sm:grid-cols-3">
          <div>
            <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">Label rows</dt>
            <dd className="mt-1 text-slate-900">
              {spine.type === "timeRange" &&
                (spine.start || spine.end ? (
                  <>Root rows with event time in {rangeText(spine)}</>
                ) : (
                  "Every root row (no time range)"
                ))}
              {spine.type === "upload" && (
                <>
                  Uploaded spine <span className="font-mono text-xs">{spine.uploadId}</span>, event time{" "}
                  <span className="font-mono text-xs">{spine.eventTime}</span>
                </>
              )}
              {spine.type === "featureGroup" && (
                <>
                  Rows of{" "}
                  <span className="font-mono">
                    {spine.featureGroup?.name} v{spine.featureGroup?.version}
                  </span>
                  {spine.eventTime ? (
                    <>
                      {" "}
                      by <span className="font-mono">{spine.eventTime}</span>
                    </>
                  ) : null}
                </>
              )}
            </dd>
          </div>
          <div>
            <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">Split</dt>
            <dd className="mt-1 grid gap-0.5 text-slate-900">
              {split.type === "none" && "None: one file with every row"}
              {split.type !== "none" &&
                (["train", "validation", "test"] as const)
                  .filter((name) => split[name] !== undefined && split[name] !== 0)
                  .map((name) => (
                    <span key={name}>
                      {SPLIT_LABELS[name]}: {fraction(split[name])}
                    </span>
                  ))}
              {split.type === "random" && <span className="text-xs text-slate-600">Random, seed {split.seed}</span>}
            </dd>
          </div>
          <div>
            <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">Format</dt>
            <dd className="mt-1 text-slate-900">{FORMAT_LABELS[dataset.format]}</dd>
          </div>
        </dl>
      </CardBody>
    </Section>
  );
};
