"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Share2 } from "lucide-react";
import { useCan, useCurrentProject } from "@/components/projects/project-context";
import { PageHeader } from "@/components/shell/page-header";
import { Badge, type TBadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable, type ColumnDef } from "@/components/ui/data-table";
import { ListCard } from "@/components/ui/list-page";
import { RelativeTime } from "@/components/ui/relative-time";
import type { TShare } from "@/lib/api/sharing";
import { CreateShareDialog } from "./create-share-dialog";
import { decideShare, fetchShareImpact, fetchShares, revokeShare, shareKeys } from "@/lib/client/sharing";

// Sharing (docs/sharing.md): what this project shares and with whom (its Owner revokes, seeing the impact in the
// receiving project first), and what other projects offer it (its Owner accepts or declines).

const STATUS_TONES: Record<TShare["status"], TBadgeTone> = {
  PENDING: "warning",
  ACCEPTED: "success",
  DECLINED: "neutral",
  REVOKED: "danger",
};
const KIND_LABELS = { featureGroup: "feature group", featureView: "feature view", trainingDataset: "training dataset" };

const itemsLabel = (share: TShare) =>
  share.items === "all"
    ? "The whole feature store"
    : share.items.map((item) => `${KIND_LABELS[item.kind]} ${item.name} v${item.version}`).join(", ");

const RevokeImpact = ({ project, shareId }: { project: string; shareId: string }) => {
  const impact = useQuery({
    queryKey: shareKeys.impact(project, shareId),
    queryFn: () => fetchShareImpact(project, shareId),
  });
  if (!impact.data) return <p className="text-sm text-slate-600">Counting what uses the shared items…</p>;
  const { featureViews, trainingDatasets, models, monitors } = impact.data;
  return (
    <p className="text-sm text-slate-700">
      In the receiving project: {featureViews} feature view{featureViews === 1 ? "" : "s"}, {trainingDatasets} training
      dataset{trainingDatasets === 1 ? "" : "s"}, {models} model{models === 1 ? "" : "s"} and {monitors} monitor
      {monitors === 1 ? "" : "s"} use the shared items.
    </p>
  );
};

const commonColumns = (other: "receiverProject" | "homeProject"): ColumnDef<TShare, unknown>[] => [
  {
    id: "project",
    accessorFn: (share) => share[other],
    header: other === "receiverProject" ? "With" : "From",
    cell: ({ row }) => <span className="font-medium text-slate-900">{row.original[other]}</span>,
  },
  { id: "items", accessorFn: itemsLabel, header: "What", enableSorting: false },
  { accessorKey: "level", header: "Level", cell: ({ row }) => (row.original.level === "READ" ? "Read" : "Read-write") },
  {
    accessorKey: "status",
    header: "Status",
    cell: ({ row }) => <Badge tone={STATUS_TONES[row.original.status]}>{row.original.status.toLowerCase()}</Badge>,
  },
  {
    id: "since",
    accessorFn: (share) => share.decided?.at ?? share.created?.at ?? "",
    header: "Since",
    cell: ({ row }) => <RelativeTime iso={row.original.decided?.at ?? row.original.created?.at ?? null} />,
  },
];

export const SharingPage = () => {
  const project = useCurrentProject();
  const mayRevoke = useCan("shares:write");
  const mayDecide = useCan("shares:accept");
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: shareKeys.list(project.name), queryFn: () => fetchShares(project.name) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: shareKeys.list(project.name) });
  const live = (share: TShare) => share.status === "PENDING" || share.status === "ACCEPTED";

  const sharedByColumns: ColumnDef<TShare, unknown>[] = [
    ...commonColumns("receiverProject"),
    {
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      enableSorting: false,
      cell: ({ row }) =>
        mayRevoke && live(row.original) ? (
          <div className="text-right">
            <ConfirmDialog
              trigger={
                <Button
                  variant="danger-outline"
                  size="sm"
                  aria-label={`Revoke the share with ${row.original.receiverProject}`}
                >
                  Revoke
                </Button>
              }
              title={`Stop sharing with “${row.original.receiverProject}”?`}
              description="The receiving project loses access at once; its views that use the shared items stop working."
              confirmLabel="Revoke share"
              onConfirm={async () => {
                await revokeShare(project.name, row.original.id);
                await refresh();
              }}
            >
              <RevokeImpact project={project.name} shareId={row.original.id} />
            </ConfirmDialog>
          </div>
        ) : null,
    },
  ];
  const sharedWithColumns: ColumnDef<TShare, unknown>[] = [
    ...commonColumns("homeProject"),
    {
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      enableSorting: false,
      cell: ({ row }) =>
        mayDecide && row.original.status === "PENDING" ? (
          <div className="flex justify-end gap-2">
            {(["accept", "decline"] as const).map((decision) => (
              <Button
                key={decision}
                size="sm"
                variant={decision === "accept" ? "primary" : "secondary"}
                onClick={async () => {
                  await decideShare(project.name, row.original.id, decision);
                  await refresh();
                }}
              >
                {decision === "accept" ? "Accept" : "Decline"}
              </Button>
            ))}
          </div>
        ) : null,
    },
  ];
  const section = (
    title: string,
    items: TShare[] | undefined,
    columns: ColumnDef<TShare, unknown>[],
    empty: string,
  ) => (
    <section className="flex flex-col gap-2" aria-label={title}>
      <h2 className="text-base font-semibold text-slate-900">{title}</h2>
      <ListCard
        query={query}
        items={items}
        loading={{ label: `Loading ${title.toLowerCase()}`, columns: 5 }}
        empty={{ icon: Share2, title: empty, description: "" }}
      >
        {(shown) => (
          <DataTable columns={columns} data={shown} caption={title} initialSorting={[{ id: "since", desc: true }]} />
        )}
      </ListCard>
    </section>
  );
  return (
    <>
      <PageHeader
        title="Sharing"
        description="Feature groups, views and training datasets shared between projects. Shared items appear in the receiving project's catalog and search, marked with their home project, once its Owner accepts."
        actions={mayRevoke ? <CreateShareDialog project={project.name} /> : undefined}
      />
      <div className="flex flex-col gap-6">
        {section("Shared by this project", query.data?.sharedBy, sharedByColumns, "Nothing shared yet")}
        {section(
          "Shared with this project",
          query.data?.sharedWith,
          sharedWithColumns,
          "Nothing shared with this project",
        )}
      </div>
    </>
  );
};
