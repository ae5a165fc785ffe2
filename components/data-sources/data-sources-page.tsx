"use client";

import { useQuery } from "@tanstack/react-query";
import { Cable, Plus } from "lucide-react";
import Link from "next/link";
import { useCan, useCurrentProject } from "@/components/projects/project-context";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ListPage } from "@/components/ui/list-page";
import { Table, TableBody, TableCell, TableRow } from "@/components/ui/table";
import type { TDataSource } from "@/lib/api/data-sources";
import { dataSourceHref, dataSourceKeys, dataSourcesHref, fetchDataSources } from "@/lib/client/data-sources";

/** Where a source reads from, in one line (never its password: the API has none to give). */
export const sourceLocation = (source: TDataSource) =>
  source.kind === "postgres"
    ? `${source.connection!.user}@${source.connection!.host}:${source.connection!.port}/${source.connection!.database} · ${source.table ?? "query"}`
    : source.path!;

export const DataSourcesPage = () => {
  const project = useCurrentProject().name;
  const canWrite = useCan("dataSources:write");
  const query = useQuery({ queryKey: dataSourceKeys.list(project), queryFn: () => fetchDataSources(project) });
  const add = canWrite ? (
    <Button asChild>
      <Link href={`${dataSourcesHref(project)}/new`}>
        <Plus aria-hidden /> New data source
      </Link>
    </Button>
  ) : undefined;
  return (
    <ListPage
      title="Data sources"
      description="PostgreSQL tables and queries, and server files, that feature groups are filled from."
      actions={add}
      query={query}
      items={query.data?.dataSources}
      loading={{ label: "Loading data sources", columns: 4 }}
      empty={{
        icon: Cable,
        title: "No data sources yet",
        description: "Connect a PostgreSQL table or a Parquet/CSV file, then create a feature group from it.",
        action: add,
      }}
    >
      {(sources) => (
        <Table caption="Data sources" columns={["Name", "Kind", "Reads", "Feature groups"]}>
          <TableBody>
            {sources.map((source) => (
              <TableRow key={source.id}>
                <TableCell>
                  <Link
                    href={dataSourceHref(project, source.name)}
                    className="font-medium text-slate-900 hover:text-brand-700 hover:underline"
                  >
                    {source.name}
                  </Link>
                </TableCell>
                <TableCell>
                  <Badge tone={source.kind === "postgres" ? "info" : "neutral"}>{source.kind}</Badge>
                </TableCell>
                <TableCell className="font-mono text-xs text-slate-700">{sourceLocation(source)}</TableCell>
                <TableCell>{source.featureGroups.length}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </ListPage>
  );
};
