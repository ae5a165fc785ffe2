"use client";

import { History } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { CardBody, Section } from "@/components/ui/card";
import { ListStates } from "@/components/ui/list-states";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableRow } from "@/components/ui/table";
import { jobHref } from "@/lib/client/feature-store";
import { formatCount } from "@/lib/client/format-values";
import { CommitChart } from "./commit-chart";
import { commitChartSeries, hasRowChanges } from "./commit-chart-series";
import { useCommits } from "./use-commits";
import { CommitValidationReport, useReportsByCommit } from "@/components/validation/report-links";

const Count = ({ value, tone }: { value: number; tone: string }) => (
  <span className={value > 0 ? tone : "text-slate-400"}>{value > 0 ? formatCount(value) : "0"}</span>
);

/** The commit timeline: every write to the group, newest first, with a chart of rows changed per commit. */
export const ActivityTab = ({ project, name, version }: { project: string; name: string; version: number }) => {
  const query = useCommits({ project, name, version });
  const reports = useReportsByCommit({ project, name, version });
  const commits = query.data;
  const points = commits ? commitChartSeries(commits) : [];
  return (
    <div className="grid gap-6">
      {commits && hasRowChanges(points) && (
        <Section
          id="chart-title"
          title="Rows changed per commit"
          description={
            points.length < commits.length ? `The latest ${points.length} of ${commits.length} commits.` : undefined
          }
        >
          <CardBody>
            <CommitChart points={points} />
          </CardBody>
        </Section>
      )}
      <Section
        id="commits-title"
        title="Commits"
        description="Every write is a commit you can read back with “As of commit” on the Data tab."
      >
        <ListStates
          query={query}
          items={commits}
          loading={{ label: "Loading commits", columns: 6 }}
          empty={{
            icon: History,
            title: "No commits yet",
            description:
              "Load data into this feature group; each write appears here with the rows it inserted, updated and deleted.",
          }}
        >
          {(shown) => (
            <Table
              caption={`Commits of ${name} v${version}`}
              columns={["Commit", "Time", "Operation", "Inserted", "Updated", "Deleted", "By", "Job", "Validation"]}
              numeric={["Inserted", "Updated", "Deleted"]}
            >
              <TableBody>
                {shown.map((commit) => (
                  <TableRow key={commit.id}>
                    <TableCell>
                      <Badge tone="brand">v{commit.version}</Badge>
                    </TableCell>
                    <TableCell>
                      <RelativeTime iso={commit.committedAt} />
                    </TableCell>
                    <TableCell className="font-mono text-xs">{commit.operation}</TableCell>
                    <TableCell className="text-right tabular-nums">
                      <Count value={commit.rowsInserted} tone="text-emerald-800" />
                    </TableCell>
                    <TableCell className="text-right tabular-nums">
                      <Count value={commit.rowsUpdated} tone="text-sky-800" />
                    </TableCell>
                    <TableCell className="text-right tabular-nums">
                      <Count value={commit.rowsDeleted} tone="text-red-700" />
                    </TableCell>
                    <TableCell className="text-slate-700">{commit.user ?? "—"}</TableCell>
                    <TableCell>
                      {commit.jobId ? (
                        <Link href={jobHref(project, commit.jobId)} className="text-brand-700 hover:underline">
                          View job
                        </Link>
                      ) : (
                        <span className="text-slate-500">—</span>
                      )}
                    </TableCell>
                    <TableCell>
                      <CommitValidationReport
                        project={project}
                        name={name}
                        version={version}
                        report={reports.get(commit.version)}
                      />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </ListStates>
      </Section>
    </div>
  );
};
