"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound, Plus } from "lucide-react";
import { useSession } from "next-auth/react";
import { useState } from "react";
import { useCan, useCurrentProject } from "@/components/projects/project-context";
import { PageHeader } from "@/components/shell/page-header";
import { Badge, type TBadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable, type ColumnDef } from "@/components/ui/data-table";
import { ListCard } from "@/components/ui/list-page";
import { RelativeTime } from "@/components/ui/relative-time";
import { CodeChip } from "@/components/ui/code-chip";
import type { TApiKey } from "@/lib/api/schemas";
import { fetchApiKeys, queryKeys, revokeApiKey } from "@/lib/client/endpoints";
import { CreateApiKeyDialog } from "./create-api-key-dialog";

type TKeyStatus = "Active" | "Revoked" | "Expired";
const STATUS_TONES: Record<TKeyStatus, TBadgeTone> = { Active: "success", Revoked: "danger", Expired: "warning" };
const SCOPES_SHOWN = 3;

const statusOf = (apiKey: TApiKey): TKeyStatus => {
  if (apiKey.revokedAt) return "Revoked";
  if (apiKey.expiresAt && new Date(apiKey.expiresAt).getTime() < Date.now()) return "Expired";
  return "Active";
};

const ScopeList = ({ scopes }: { scopes: string[] }) => (
  <span className="flex max-w-64 flex-wrap gap-1" title={scopes.join(", ")}>
    {scopes.slice(0, SCOPES_SHOWN).map((scope) => (
      <Badge key={scope} className="font-mono">
        {scope}
      </Badge>
    ))}
    {scopes.length > SCOPES_SHOWN && <Badge tone="neutral">+{scopes.length - SCOPES_SHOWN} more</Badge>}
  </span>
);

export const ApiKeysPage = () => {
  const project = useCurrentProject();
  const canManageAll = useCan("apiKeys:write");
  const queryClient = useQueryClient();
  const currentUserId = (useSession().data?.user as { id?: string } | undefined)?.id;
  const [isCreating, setIsCreating] = useState(false);
  const query = useQuery({ queryKey: queryKeys.apiKeys(project.name), queryFn: () => fetchApiKeys(project.name) });
  const apiKeys = query.data?.apiKeys;
  const showsOwners = canManageAll && Boolean(apiKeys?.some((apiKey) => apiKey.userId !== currentUserId));
  const columns: ColumnDef<TApiKey, unknown>[] = [
    {
      accessorKey: "name",
      header: "Name",
      cell: ({ row }) => <span className="font-medium text-slate-900">{row.original.name}</span>,
    },
    ...(showsOwners
      ? [
          {
            id: "owner",
            accessorFn: (apiKey: TApiKey) => apiKey.ownerEmail ?? "",
            header: "Owner",
          } satisfies ColumnDef<TApiKey, unknown>,
        ]
      : []),
    {
      accessorKey: "prefix",
      header: "Prefix",
      cell: ({ row }) => <CodeChip>{row.original.prefix}…</CodeChip>,
    },
    {
      id: "scopes",
      accessorFn: (apiKey) => apiKey.scopes.join(" "),
      header: "Scopes",
      enableSorting: false,
      cell: ({ row }) => <ScopeList scopes={row.original.scopes} />,
    },
    { accessorKey: "createdAt", header: "Created", cell: ({ row }) => <RelativeTime iso={row.original.createdAt} /> },
    {
      id: "lastUsedAt",
      accessorFn: (apiKey) => apiKey.lastUsedAt ?? "",
      header: "Last used",
      cell: ({ row }) => <RelativeTime iso={row.original.lastUsedAt} fallback="Never" />,
    },
    {
      id: "status",
      accessorFn: statusOf,
      header: "Status",
      cell: ({ row }) => {
        const status = statusOf(row.original);
        const { expiresAt } = row.original;
        return (
          <span className="flex flex-col items-start gap-0.5">
            <Badge tone={STATUS_TONES[status]}>{status}</Badge>
            {status === "Active" && expiresAt && (
              <span className="text-xs text-slate-600">
                expires <RelativeTime iso={expiresAt} />
              </span>
            )}
          </span>
        );
      },
    },
    {
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      enableSorting: false,
      cell: ({ row }) => {
        const apiKey = row.original;
        const mayRevoke = statusOf(apiKey) === "Active" && (apiKey.userId === currentUserId || canManageAll);
        if (!mayRevoke) return null;
        return (
          <div className="text-right">
            <ConfirmDialog
              trigger={
                <Button variant="danger-outline" size="sm" aria-label={`Revoke ${apiKey.name}`}>
                  Revoke
                </Button>
              }
              title={`Revoke “${apiKey.name}”?`}
              description={`Programs using the key ${apiKey.prefix}… get 401 Unauthorized from their next request on. This cannot be undone.`}
              confirmLabel="Revoke key"
              onConfirm={async () => {
                await revokeApiKey({ project: project.name, keyId: apiKey.id });
                await queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys(project.name) });
              }}
            />
          </div>
        );
      },
    },
  ];
  const createButton = (
    <Button onClick={() => setIsCreating(true)}>
      <Plus aria-hidden /> Create API key
    </Button>
  );
  return (
    <>
      <PageHeader
        title="API keys"
        description={
          canManageAll
            ? "Keys let programs, the SDK and the CLI call the API. As an owner you see and can revoke every key in this project."
            : "Your keys for programs, the SDK and the CLI. A key acts as you, limited to the scopes it was given."
        }
        actions={apiKeys && apiKeys.length > 0 && createButton}
      />
      <ListCard
        query={query}
        items={apiKeys}
        loading={{ label: "Loading API keys", columns: 5 }}
        empty={{
          icon: KeyRound,
          title: "No API keys yet",
          description:
            "Create a key to ingest data, fetch feature vectors or run training jobs from code. Its secret is shown once, when you create it.",
          action: createButton,
        }}
      >
        {(shown) => (
          <DataTable
            columns={columns}
            data={shown}
            caption={`API keys of ${project.name}`}
            filterLabel="Filter API keys"
            initialSorting={[{ id: "createdAt", desc: true }]}
          />
        )}
      </ListCard>
      {/* One dialog for both buttons, outside the list, so the secret stays on screen when the list refreshes. */}
      <CreateApiKeyDialog
        project={project.name}
        ownScopes={project.scopes}
        isOpen={isCreating}
        onOpenChange={setIsCreating}
      />
    </>
  );
};
