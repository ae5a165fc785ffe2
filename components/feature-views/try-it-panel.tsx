"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge, type TBadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { TextField } from "@/components/ui/field";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/components/ui/table";
import { ApiError } from "@/lib/client/api";
import { DEFAULT_SERVING_PORT } from "@/lib/ports";
import {
  fetchFeatureVector,
  formatVectorValue,
  servingKeyValue,
  vectorCurl,
  vectorRows,
  type TServingKey,
  type TVectorResponse,
} from "@/lib/client/serving";

// "Try it": fetch one feature vector of this view from the online store, as a model would at prediction time,
// through the same-origin route (the same code as the feature server). Shows the vector, each group's status
// and event time, and the equivalent curl command for the feature server.

const STATUS_TONE: Record<string, TBadgeTone> = {
  COMPLETE: "success",
  PRESENT: "success",
  MISSING: "warning",
  NOT_FOUND: "warning",
  OUTSIDE_MAX_AGE: "warning",
  ERROR: "danger",
};

export const TryItPanel = ({
  project,
  featureView,
}: {
  project: string;
  featureView: { name: string; version: number; servingKeys: TServingKey[] };
}) => {
  const [texts, setTexts] = useState<Record<string, string>>({});
  const entities = Object.fromEntries(
    featureView.servingKeys.map((key) => [key.name, servingKeyValue(key.type, texts[key.name] ?? "")]),
  );
  const mutation = useMutation<TVectorResponse, Error>({
    mutationFn: () => fetchFeatureVector({ project, name: featureView.name, version: featureView.version, entities }),
  });
  const apiError = mutation.error instanceof ApiError ? mutation.error : null;
  const fieldError = (name: string) => apiError?.fieldError(`entities.${name}`);
  const hasFieldError = featureView.servingKeys.some((key) => fieldError(key.name));
  const isFilled = featureView.servingKeys.every((key) => (texts[key.name] ?? "").trim() !== "");

  return (
    <section aria-labelledby="try-it-heading" className="grid gap-4">
      <div>
        <h2 id="try-it-heading" className="text-base font-semibold text-slate-900">
          Try it: fetch a feature vector
        </h2>
        <p className="text-sm text-slate-600">
          Enter the serving keys to read the latest values from the online store, with on-demand features and the latest
          training dataset&apos;s transformations applied.
        </p>
      </div>
      <form
        className="grid gap-3 sm:grid-cols-[repeat(auto-fit,minmax(12rem,1fr))_auto] sm:items-end"
        onSubmit={(event) => {
          event.preventDefault();
          mutation.mutate();
        }}
      >
        {featureView.servingKeys.map((key) => (
          <TextField
            key={key.name}
            label={`${key.name} (${key.type})`}
            error={fieldError(key.name)}
            value={texts[key.name] ?? ""}
            onChange={(event) => setTexts({ ...texts, [key.name]: event.target.value })}
            placeholder={key.type === "string" ? "value" : "42"}
            autoComplete="off"
          />
        ))}
        <Button type="submit" isLoading={mutation.isPending} disabled={!isFilled}>
          Fetch vector
        </Button>
      </form>

      {mutation.isError && !hasFieldError && (
        <Alert tone="danger" title={apiError?.title ?? "The request failed"}>
          {apiError?.detail ?? mutation.error.message}
          {apiError?.status === 409 ? " Enable the feature groups online and materialize them first." : null}
        </Alert>
      )}

      {mutation.isSuccess && (
        <div className="grid gap-3">
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <Badge tone={STATUS_TONE[mutation.data.status]}>{mutation.data.status}</Badge>
            {mutation.data.featureGroups.map((group) => (
              <Badge
                key={`${group.name}-${group.version}`}
                tone={STATUS_TONE[group.status]}
                title={group.eventTime ? `event time ${group.eventTime}` : "no row"}
              >
                {group.name} v{group.version}: {group.status.toLowerCase().replaceAll("_", " ")}
              </Badge>
            ))}
            <span className="text-slate-600">
              {mutation.data.trainingDataset
                ? `transformed with ${mutation.data.trainingDataset.name} v${mutation.data.trainingDataset.version}`
                : "untransformed (no finished training dataset)"}
            </span>
          </div>
          {mutation.data.status === "MISSING" && (
            <Alert tone="warning">
              Some feature groups have no live row for these keys (never materialized, deleted, or past their TTL);
              their features are null.
            </Alert>
          )}
          <Table>
            <TableHead>
              <TableRow>
                <TableHeaderCell>Feature</TableHeaderCell>
                <TableHeaderCell>Type</TableHeaderCell>
                <TableHeaderCell>Value</TableHeaderCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {vectorRows(mutation.data).map((row) => (
                <TableRow key={row.name}>
                  <TableCell className="font-mono text-xs">{row.name}</TableCell>
                  <TableCell className="text-slate-600">{row.type}</TableCell>
                  <TableCell className={row.value === null ? "font-mono text-xs text-slate-400" : "font-mono text-xs"}>
                    {formatVectorValue(row.value)}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}

      <div className="grid gap-1">
        <div className="flex items-center justify-between">
          <span className="text-sm font-medium text-slate-700">
            From a program (feature server, port {DEFAULT_SERVING_PORT})
          </span>
          <CopyButton value={vectorCurl({ project, name: featureView.name, version: featureView.version, entities })} />
        </div>
        <pre tabIndex={0} className="overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">
          {vectorCurl({ project, name: featureView.name, version: featureView.version, entities })}
        </pre>
      </div>
    </section>
  );
};
