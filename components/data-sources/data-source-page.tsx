"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useParams, useRouter } from "next/navigation";
import { useState } from "react";
import { useCan, useCurrentProject } from "@/components/projects/project-context";
import { PageHeader } from "@/components/shell/page-header";
import { fieldErrorOf, MutationForm } from "@/components/ui/mutation-form";
import { CardBody, Section } from "@/components/ui/card";
import { DetailPage } from "@/components/ui/detail-page";
import { Field, TextField } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableRow } from "@/components/ui/table";
import type { TDataSource } from "@/lib/api/data-sources";
import {
  createFeatureGroupFromSource,
  dataSourceKeys,
  dataSourcesHref,
  fetchDataSource,
} from "@/lib/client/data-sources";
import { featureGroupHref } from "@/lib/client/feature-store";
import { sourceLocation } from "./data-sources-page";

const ColumnSelect = ({
  label,
  value,
  onChange,
  source,
  error,
  optional,
  hint,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  source: TDataSource;
  error?: string;
  optional?: boolean;
  hint?: string;
}) => (
  <Field label={label} error={error} hint={hint}>
    {(control) => (
      <Select {...control} value={value} onValueChange={onChange}>
        {optional && <option value="">None</option>}
        {source.columns.map((column) => (
          <option key={column.name} value={column.name}>
            {column.name} ({column.type})
          </option>
        ))}
      </Select>
    )}
  </Field>
);

/** A feature group whose schema is the source's columns; its first ingest is queued at once. */
const FromSourceForm = ({ project, source }: { project: string; source: TDataSource }) => {
  const router = useRouter();
  const queryClient = useQueryClient();
  const timeColumn = source.columns.find((column) => column.type === "timestamp")?.name ?? "";
  const [name, setName] = useState(`${source.name}_features`.slice(0, 63));
  const [primaryKey, setPrimaryKey] = useState(source.columns[0]?.name ?? "");
  const [eventTime, setEventTime] = useState(timeColumn);
  const [watermark, setWatermark] = useState(source.kind === "postgres" ? timeColumn : "");
  const mutation = useMutation({
    mutationFn: () =>
      createFeatureGroupFromSource(project, source.name, {
        name,
        primaryKey: [primaryKey],
        ...(eventTime ? { eventTime } : {}),
        ...(watermark ? { watermarkColumn: watermark } : {}),
      }),
    onSuccess: async (group) => {
      await queryClient.invalidateQueries({ queryKey: dataSourceKeys.source(project, source.name) });
      router.push(featureGroupHref(project, group.name, group.version, "?tab=jobs"));
    },
  });
  const fieldError = fieldErrorOf(mutation.error);
  return (
    <Section
      id="source-create-group-title"
      title="Create a feature group"
      description="Its features are the source's columns; an ingest job fills it, and later ingests read only rows after the watermark."
    >
      <CardBody>
        <MutationForm mutation={mutation} submitLabel="Create feature group">
          <TextField label="Feature group name" value={name} onValueChange={setName} error={fieldError("name")} />
          <ColumnSelect
            label="Primary key"
            value={primaryKey}
            onChange={setPrimaryKey}
            source={source}
            error={fieldError("primaryKey.0")}
          />
          <ColumnSelect
            label="Event time"
            value={eventTime}
            onChange={setEventTime}
            source={source}
            optional
            error={fieldError("eventTime")}
          />
          {source.kind === "postgres" && (
            <ColumnSelect
              label="Watermark column"
              value={watermark}
              onChange={setWatermark}
              source={source}
              optional
              error={fieldError("watermarkColumn")}
              hint="A column that only grows (updated_at, a serial id)."
            />
          )}
        </MutationForm>
      </CardBody>
    </Section>
  );
};

export const DataSourcePage = () => {
  const project = useCurrentProject().name;
  const canCreateGroups = useCan("featureGroups:write");
  const name = decodeURIComponent(useParams<{ name: string }>().name);
  const query = useQuery({
    queryKey: dataSourceKeys.source(project, name),
    queryFn: () => fetchDataSource(project, name),
  });
  return (
    <DetailPage
      query={query}
      back={{ href: dataSourcesHref(project), label: "Data sources" }}
      notFound={{
        title: "Data source not found",
        description: `There is no data source ${name} in ${project}.`,
        backLabel: "Back to data sources",
      }}
      loadingLabel="Loading data source"
    >
      {(source) => (
        <>
          <PageHeader
            title={source.name}
            description={
              <>
                {source.description || "No description."}{" "}
                <span className="font-mono text-xs">{sourceLocation(source)}</span> · created{" "}
                <RelativeTime iso={source.createdAt} />
                {source.connection &&
                  (source.connection.hasPassword ? " · password stored encrypted" : " · no password")}
              </>
            }
          />
          <div className="grid gap-6">
            {source.query && (
              <Section id="source-query-title" title="Query">
                <CardBody>
                  <pre className="overflow-x-auto font-mono text-xs whitespace-pre-wrap text-slate-800">
                    {source.query}
                  </pre>
                </CardBody>
              </Section>
            )}
            <Section
              id="source-columns-title"
              title="Columns"
              description="Read from the source when it was registered."
            >
              <Table caption={`Columns of ${source.name}`} columns={["Feature name", "Source column", "Type"]}>
                <TableBody>
                  {source.columns.map((column) => (
                    <TableRow key={column.name}>
                      <TableCell className="font-mono text-xs">{column.name}</TableCell>
                      <TableCell className="font-mono text-xs text-slate-600">{column.sourceName}</TableCell>
                      <TableCell className="font-mono text-xs">{column.type}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </Section>
            <Section id="source-groups-title" title="Feature groups filled from it">
              {source.featureGroups.length ? (
                <Table caption="Feature groups" columns={["Feature group", "Watermark", "Read up to", "Last ingest"]}>
                  <TableBody>
                    {source.featureGroups.map((group) => (
                      <TableRow key={`${group.name}:${group.version}`}>
                        <TableCell>
                          <Link
                            href={featureGroupHref(project, group.name, group.version)}
                            className="font-mono text-xs hover:underline"
                          >
                            {group.name} v{group.version}
                          </Link>
                        </TableCell>
                        <TableCell className="font-mono text-xs">{group.watermarkColumn ?? "—"}</TableCell>
                        <TableCell className="font-mono text-xs">{group.lastWatermark ?? "—"}</TableCell>
                        <TableCell>
                          <RelativeTime iso={group.lastIngestAt} fallback="never" />
                        </TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              ) : (
                <CardBody>
                  <p className="text-sm text-slate-600">None yet.</p>
                </CardBody>
              )}
            </Section>
            {canCreateGroups && <FromSourceForm project={project} source={source} />}
          </div>
        </>
      )}
    </DetailPage>
  );
};
