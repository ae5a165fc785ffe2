"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2, CircleDashed, Download, Eraser, Loader2, OctagonX, XCircle } from "lucide-react";
import { FileErasureDialog } from "@/components/erasure/file-erasure-dialog";
import { useCan, useCurrentProject } from "@/components/projects/project-context";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CodeChip } from "@/components/ui/code-chip";
import { CopyButton } from "@/components/ui/copy-button";
import { ListPage } from "@/components/ui/list-page";
import { ProgressBar } from "@/components/ui/progress-bar";
import { RelativeTime } from "@/components/ui/relative-time";
import { StatusBadge, type TStatusStyle } from "@/components/ui/status-badge";
import { Table, TableBody, TableCell, TableRow } from "@/components/ui/table";
import type { TErasureRequest } from "@/lib/api/erasure";
import { closeErasureRequest, erasureKeys, fetchErasureRequests, isActiveErasure } from "@/lib/client/erasure";
import { pluralize } from "@/lib/client/format";

// The project's erasure requests (docs/erasure.md): file one, follow its job's progress, download its report (whose
// SHA-256 is shown beside it), and close it once re-ingests no longer need filtering.

const STATUSES: Record<TErasureRequest["status"], TStatusStyle> = {
  QUEUED: { label: "Queued", tone: "neutral", icon: CircleDashed },
  RUNNING: { label: "Erasing", tone: "info", icon: Loader2 },
  COMPLETED: { label: "Completed", tone: "success", icon: CheckCircle2 },
  FAILED: { label: "Failed", tone: "danger", icon: XCircle },
  CANCELLED: { label: "Cancelled", tone: "warning", icon: OctagonX },
};
// While a request's job works, the list refreshes this often (progress, then the report).
const ACTIVE_REFRESH_MS = 2000;

const Progress = ({ request }: { request: TErasureRequest }) => {
  if (!request.job || !isActiveErasure(request)) return null;
  return (
    <div className="mt-2 grid gap-1">
      <ProgressBar value={request.job.progress} label={`Progress of erasure ${request.id}`} />
      {request.step && <p className="text-xs text-slate-600">{request.step}</p>}
    </div>
  );
};

const Summary = ({ request }: { request: TErasureRequest }) =>
  request.summary ? (
    <span className="text-sm text-slate-700">
      {pluralize(request.summary.rowsErased, "row")} erased · {pluralize(request.summary.filesRewritten, "file")}{" "}
      rewritten · {pluralize(request.summary.onlineKeysDeleted, "online key")} ·{" "}
      {pluralize(request.summary.trainingDatasets, "dataset")}
    </span>
  ) : (
    <span className="text-sm text-slate-500">—</span>
  );

const Report = ({ request }: { request: TErasureRequest }) =>
  request.report ? (
    <div className="grid gap-1">
      <Button asChild variant="secondary" size="sm">
        <a href={request.report.downloadPath} download={`erasure-${request.id}.json`}>
          <Download aria-hidden /> Download report
        </a>
      </Button>
      <span className="flex items-center gap-1 text-xs text-slate-600">
        SHA-256 <CodeChip>{request.report.sha256.slice(0, 12)}…</CodeChip>
        <CopyButton value={request.report.sha256} label="Copy the report's SHA-256" />
      </span>
    </div>
  ) : (
    <span className="text-sm text-slate-500">{request.job?.error ? "—" : "After the job"}</span>
  );

export const ErasurePage = () => {
  const project = useCurrentProject().name;
  const canWrite = useCan("erasure:write");
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: erasureKeys.list(project),
    queryFn: () => fetchErasureRequests(project),
    refetchInterval: (current) =>
      current.state.data?.erasureRequests.some(isActiveErasure) ? ACTIVE_REFRESH_MS : false,
  });
  const close = useMutation({
    mutationFn: (requestId: string) => closeErasureRequest(project, requestId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: erasureKeys.list(project) }),
  });
  const file = canWrite ? <FileErasureDialog project={project} /> : undefined;
  return (
    <ListPage
      title="Erasure"
      description="Remove an entity's data — a customer asking to be forgotten — from every commit, the online store and training datasets, with a report that proves it. Keys are shown as digests, never as values."
      actions={file}
      query={query}
      items={query.data?.erasureRequests}
      loading={{ label: "Loading erasure requests", columns: 6 }}
      empty={{
        icon: Eraser,
        title: "No erasure requests yet",
        description:
          "File one with the key values to erase: they leave every feature group that has that primary-key column, its history, the online store and the training datasets built on it.",
        action: file,
      }}
    >
      {(requests) => (
        <Table caption="Erasure requests" columns={["Filed", "Keys", "Status", "Result", "Report", "Re-ingests"]}>
          <TableBody>
            {requests.map((request) => (
              <TableRow key={request.id}>
                <TableCell>
                  <RelativeTime iso={request.createdAt} />
                  <div className="text-xs text-slate-600">{request.createdBy ?? "—"}</div>
                  {request.note && <div className="text-xs text-slate-600">{request.note}</div>}
                </TableCell>
                <TableCell>
                  {pluralize(request.keyCount, "key")} by <CodeChip>{request.keyColumns.join(", ")}</CodeChip>
                  <div className="text-xs text-slate-600">
                    {request.featureGroups.map((group) => `${group.name} v${group.version}`).join(", ")} · datasets:{" "}
                    {request.datasetPolicy}
                  </div>
                </TableCell>
                <TableCell>
                  <StatusBadge status={request.status} styles={STATUSES} />
                  <Progress request={request} />
                  {request.job?.error && <p className="mt-1 text-xs text-red-700">{request.job.error}</p>}
                </TableCell>
                <TableCell>
                  <Summary request={request} />
                </TableCell>
                <TableCell>
                  <Report request={request} />
                </TableCell>
                <TableCell>
                  {request.filtering ? (
                    <div className="grid justify-items-start gap-1">
                      <Badge tone="info">Filtered</Badge>
                      {canWrite && (request.status === "COMPLETED" || request.status === "CANCELLED") && (
                        <Button
                          variant="secondary"
                          size="sm"
                          isLoading={close.isPending && close.variables === request.id}
                          onClick={() => close.mutate(request.id)}
                        >
                          Close
                        </Button>
                      )}
                    </div>
                  ) : (
                    <Badge tone="neutral">Closed</Badge>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </ListPage>
  );
};
