"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { UserCheck } from "lucide-react";
import { useState } from "react";
import { useCan, useCurrentProject } from "@/components/projects/project-context";
import { PageHeader } from "@/components/shell/page-header";
import { Badge, type TBadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CardBody, Section } from "@/components/ui/card";
import { DataTable, type ColumnDef } from "@/components/ui/data-table";
import { Select } from "@/components/ui/input";
import { ListCard } from "@/components/ui/list-page";
import { RelativeTime } from "@/components/ui/relative-time";
import { Options } from "@/components/ui/select-options";
import { REQUESTABLE_ROLES, type TAccessRequest, type TRequestableRole } from "@/lib/api/discovery";
import { queryKeys } from "@/lib/client/endpoints";
import { decideRequest, discoveryKeys, fetchProjectRequests, setDiscoverable } from "@/lib/client/discovery";
import { ROLE_LABELS } from "@/lib/scopes";

// Settings › Access requests (docs/sharing.md): the discoverable switch (project:discoverable) and the requests to
// join the project (accessRequests:decide), approved with a role or declined.

const STATUS_TONES: Record<TAccessRequest["status"], TBadgeTone> = {
  PENDING: "warning",
  APPROVED: "success",
  DECLINED: "neutral",
  WITHDRAWN: "neutral",
};

const Decision = ({ request, onDone }: { request: TAccessRequest; onDone: () => Promise<unknown> }) => {
  const project = useCurrentProject();
  const [role, setRole] = useState<TRequestableRole>(request.role);
  const [isBusy, setIsBusy] = useState(false);
  const decide = async (decision: "approve" | "decline") => {
    setIsBusy(true);
    try {
      await decideRequest(project.name, request.id, decision, role);
      await onDone();
    } finally {
      setIsBusy(false);
    }
  };
  return (
    <div className="flex items-center justify-end gap-2">
      <Select
        aria-label={`Role for ${request.requester.email}`}
        value={role}
        onValueChange={(value) => setRole(value as TRequestableRole)}
        className="w-32"
      >
        <Options values={REQUESTABLE_ROLES} labels={ROLE_LABELS} />
      </Select>
      <Button size="sm" disabled={isBusy} onClick={() => decide("approve")}>
        Approve
      </Button>
      <Button size="sm" variant="secondary" disabled={isBusy} onClick={() => decide("decline")}>
        Decline
      </Button>
    </div>
  );
};

const DiscoverableSwitch = () => {
  const project = useCurrentProject();
  const queryClient = useQueryClient();
  const [isBusy, setIsBusy] = useState(false);
  const toggle = async () => {
    setIsBusy(true);
    try {
      await setDiscoverable(project.name, !project.discoverable);
      await queryClient.invalidateQueries({ queryKey: queryKeys.projects });
    } finally {
      setIsBusy(false);
    }
  };
  return (
    <Section id="discoverable" title="Discoverable">
      <CardBody className="flex flex-wrap items-center justify-between gap-4">
        <p className="max-w-2xl text-sm text-slate-700">
          {project.discoverable
            ? "Discoverable: people who are not members find this project's feature groups and views in search — names, descriptions, tags and owners only, never features, values or statistics — and may ask to join."
            : "Not discoverable: only members find this project."}
        </p>
        <Button variant="secondary" disabled={isBusy} onClick={toggle}>
          {project.discoverable ? "Make not discoverable" : "Make discoverable"}
        </Button>
      </CardBody>
    </Section>
  );
};

export const AccessRequestsPage = () => {
  const project = useCurrentProject();
  const mayMakeDiscoverable = useCan("project:discoverable");
  const queryClient = useQueryClient();
  const key = discoveryKeys.projectRequests(project.name);
  const query = useQuery({ queryKey: key, queryFn: () => fetchProjectRequests(project.name) });
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: key }),
      queryClient.invalidateQueries({ queryKey: queryKeys.members(project.name) }),
    ]);
  const columns: ColumnDef<TAccessRequest, unknown>[] = [
    {
      id: "requester",
      accessorFn: (request) => request.requester.email,
      header: "Requester",
      cell: ({ row }) => (
        <span>
          <span className="block font-medium text-slate-900">{row.original.requester.name}</span>
          <span className="block text-xs text-slate-600">{row.original.requester.email}</span>
        </span>
      ),
    },
    { id: "role", accessorFn: (request) => ROLE_LABELS[request.role], header: "Asks for" },
    { accessorKey: "reason", header: "Reason", enableSorting: false },
    {
      accessorKey: "status",
      header: "Status",
      cell: ({ row }) => (
        <Badge tone={STATUS_TONES[row.original.status]}>
          {row.original.status.toLowerCase()}
          {row.original.grantedRole ? ` as ${ROLE_LABELS[row.original.grantedRole]}` : ""}
        </Badge>
      ),
    },
    {
      accessorKey: "createdAt",
      header: "Asked",
      cell: ({ row }) => <RelativeTime iso={row.original.createdAt} />,
    },
    {
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      enableSorting: false,
      cell: ({ row }) =>
        row.original.status === "PENDING" ? <Decision request={row.original} onDone={refresh} /> : null,
    },
  ];
  return (
    <>
      <PageHeader
        title="Access requests"
        description="People who found this project through search and asked to join it. Approving adds them as members with the role you choose."
      />
      <div className="flex flex-col gap-6">
        {mayMakeDiscoverable && <DiscoverableSwitch />}
        <ListCard
          query={query}
          items={query.data?.requests}
          loading={{ label: "Loading access requests", columns: 6 }}
          empty={{ icon: UserCheck, title: "No requests yet", description: "" }}
        >
          {(shown) => <DataTable columns={columns} data={shown} caption="Access requests" />}
        </ListCard>
      </div>
    </>
  );
};
