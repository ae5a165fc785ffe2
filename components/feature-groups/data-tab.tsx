"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Lock, Table2 } from "lucide-react";
import { useCan } from "@/components/projects/project-context";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Select } from "@/components/ui/input";
import { TableSkeleton } from "@/components/ui/skeleton";
import { ApiError } from "@/lib/client/api";
import { featureStoreKeys, fetchPreview, type TPreviewShape } from "@/lib/client/feature-store";
import { formatAbsoluteTime, pluralize } from "@/lib/client/format";
import { PreviewControls } from "./preview-controls";
import { useCommits } from "./use-commits";
import { ValuesTable } from "./values-table";

const PREVIEW_ROWS = 100;

const NoValueAccess = () => (
  <EmptyState
    icon={Lock}
    title="Your role can read metadata but not feature values"
    description="Auditors see schemas, commits and lineage, but not the data itself. Ask a project owner for a role that reads feature values if you need them."
  />
);

/** The group's rows as of a chosen commit (the latest by default); the URL holds the choice (?asOf=). */
export const DataTab = ({
  project,
  name,
  version,
  featureTypes,
  keyColumns,
  asOf,
  onAsOfChange,
}: {
  project: string;
  name: string;
  version: number;
  /** The group's own types by feature name; the preview reports storage types ("long"). */
  featureTypes: Record<string, string>;
  keyColumns: string[];
  asOf: number | null;
  onAsOfChange: (asOf: number | null) => void;
}) => {
  const canReadValues = useCan("featureData:read");
  const commits = useCommits({ project, name, version });
  const [shape, setShape] = useState<TPreviewShape>({});
  const query = useQuery({
    queryKey: featureStoreKeys.preview(project, name, version, asOf, shape),
    queryFn: () => fetchPreview({ project, name, version, asOfVersion: asOf, limit: PREVIEW_ROWS, shape }),
    enabled: canReadValues,
    // Changing the filter or sort keeps the old rows (and the controls) in place until the new ones arrive.
    placeholderData: keepPreviousData,
  });
  if (!canReadValues || (query.error instanceof ApiError && query.error.status === 403)) {
    return (
      <Card>
        <NoValueAccess />
      </Card>
    );
  }
  return (
    <Card>
      <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 px-4 py-2.5">
        <label htmlFor="as-of-commit" className="text-sm font-medium text-slate-800">
          As of commit
        </label>
        <Select
          id="as-of-commit"
          className="h-8 w-auto min-w-64"
          value={asOf === null ? "" : String(asOf)}
          onChange={(event) => onAsOfChange(event.target.value === "" ? null : Number(event.target.value))}
          disabled={!commits.data}
        >
          <option value="">Latest{commits.data?.[0] ? ` (v${commits.data[0].version})` : ""}</option>
          {commits.data?.map((commit) => (
            <option key={commit.id} value={commit.version}>
              v{commit.version} · {commit.operation} · {formatAbsoluteTime(commit.committedAt)}
            </option>
          ))}
        </Select>
        {query.data && (
          <span className="text-sm text-slate-600" aria-live="polite">
            {/* The count as of the commit viewed (time travel), not the group's latest count. */}
            {pluralize(query.data.rowCount, shape.key !== undefined ? "matching row" : "row")} at commit v
            {query.data.version}
            {query.data.rows.length < query.data.rowCount ? ` · first ${query.data.rows.length} shown` : ""}
          </span>
        )}
      </div>
      <div className="border-b border-slate-200 px-4 py-2.5">
        <PreviewControls
          keyColumns={keyColumns}
          columns={Object.keys(featureTypes)}
          shape={shape}
          onChange={setShape}
        />
      </div>
      {query.isPending && <TableSkeleton label="Loading rows" columns={6} rows={8} />}
      {query.isError && <ErrorState error={query.error} onRetry={() => query.refetch()} />}
      {query.data?.rows.length === 0 && (
        <EmptyState
          icon={Table2}
          title={
            shape.key !== undefined
              ? `No row with ${shape.keyColumn ?? keyColumns[0]} = ${shape.key}`
              : asOf === null
                ? "No rows yet"
                : "No rows at this commit"
          }
          description={
            shape.key !== undefined
              ? "No row at this commit has that key. Clear the filter to see every row."
              : "Load data from a file to see its rows here. Each load is a commit you can come back to."
          }
        />
      )}
      {query.data && query.data.rows.length > 0 && (
        <div className="max-h-[36rem] overflow-auto" tabIndex={0}>
          <ValuesTable
            columns={query.data.columns.map((column) => ({
              name: column.name,
              type: featureTypes[column.name] ?? column.type,
              isKey: keyColumns.includes(column.name),
            }))}
            rows={query.data.rows}
            caption={`Rows of ${name} v${version} at commit ${query.data.version}`}
          />
        </div>
      )}
    </Card>
  );
};
