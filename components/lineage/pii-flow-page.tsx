"use client";

import { useQuery } from "@tanstack/react-query";
import { Download, ShieldCheck } from "lucide-react";
import { useCurrentProject } from "@/components/projects/project-context";
import { Button } from "@/components/ui/button";
import { ListStates } from "@/components/ui/list-states";
import { Table, TableBody, TableCell, TableRow } from "@/components/ui/table";
import { useUrlFilters } from "@/components/ui/use-url-filters";
import { LINEAGE_KIND_LABELS, piiFlowCsv, type TPiiFlowRow } from "@/lib/api/lineage";
import { fetchPiiFlow, lineageKeys } from "@/lib/client/lineage";

// "Where does this PII go" (docs/lineage.md): every column, dataset and model PII reaches, with who read it (audit
// log). For Auditors and Owners (audit:read); exportable as CSV.

const parse = (params: URLSearchParams) => ({
  group: params.get("group") ?? undefined,
  feature: params.get("feature") ?? undefined,
});

const download = (project: string, rows: TPiiFlowRow[]) => {
  const url = URL.createObjectURL(new Blob([piiFlowCsv(rows)], { type: "text/csv" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = `${project}-pii-flow.csv`;
  link.click();
  URL.revokeObjectURL(url);
};

export const PiiFlowPage = () => {
  const project = useCurrentProject();
  const { filters } = useUrlFilters({ parse });
  const group = filters.group ?? "";
  const feature = filters.feature ?? "";
  const query = useQuery({
    queryKey: lineageKeys.pii(project.name, group, feature),
    queryFn: () => fetchPiiFlow(project.name, group, feature),
  });
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold text-slate-900">Where PII goes</h1>
          <p className="text-sm text-slate-600">
            {group ? `From ${group}${feature ? `.${feature}` : ""}` : "Every PII-tagged feature of the project"}: the
            view and dataset columns and models it reaches along the lineage, and who read them.
          </p>
        </div>
        <Button
          variant="secondary"
          disabled={!query.data?.rows.length}
          onClick={() => query.data && download(project.name, query.data.rows)}
        >
          <Download className="size-4" aria-hidden /> Export CSV
        </Button>
      </div>
      <ListStates
        query={query}
        items={query.data?.rows}
        loading={{ label: "Loading the PII flow", columns: 5, rows: 4 }}
        empty={{
          icon: ShieldCheck,
          title: "No PII flows anywhere",
          description:
            "No feature tagged pii reaches a view, dataset or model (or every edge it crosses de-identifies it).",
        }}
      >
        {(rows) => (
          <Table caption="PII flow" columns={["PII from", "Reaches", "Column", "Read by"]}>
            <TableBody>
              {rows.map((row) => (
                <TableRow key={`${row.source}|${row.kind}|${row.name}|${row.version}|${row.column}`}>
                  <TableCell className="font-mono text-xs">{row.source}</TableCell>
                  <TableCell>
                    {LINEAGE_KIND_LABELS[row.kind]}{" "}
                    <span className="font-mono text-xs">
                      {row.name}
                      {row.version === null ? "" : ` v${row.version}`}
                    </span>
                  </TableCell>
                  <TableCell className="font-mono text-xs">{row.column || "—"}</TableCell>
                  <TableCell className="text-xs">
                    {row.readers.length
                      ? row.readers.map((reader) => `${reader.actor} (${reader.reads}×)`).join(", ")
                      : "nobody yet"}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </ListStates>
    </div>
  );
};
