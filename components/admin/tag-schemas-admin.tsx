"use client";

import { useQuery } from "@tanstack/react-query";
import { Tags } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { DataTable, type ColumnDef } from "@/components/ui/data-table";
import { ListPage } from "@/components/ui/list-page";
import { RelativeTime } from "@/components/ui/relative-time";
import type { TTagField, TTagSchema } from "@/lib/api/tags";
import { fetchTagSchemas, latestSchemas, tagKeys } from "@/lib/client/tags";
import { AdminActions } from "./admin-actions";
import { TagSchemaDialog } from "./tag-schema-dialog";

// Every tag schema version, newest version of each first; a new version starts from the latest one's fields.

const describeField = (field: TTagField) =>
  `${field.name}: ${field.type}${field.values ? ` (${field.values.join(", ")})` : ""}${field.required ? ", required" : ""}`;

const columns = (latest: Set<TTagSchema>): ColumnDef<TTagSchema, unknown>[] => [
  {
    accessorKey: "name",
    header: "Name",
    cell: ({ row }) => (
      <span className="flex items-center gap-2 font-mono text-sm font-medium text-slate-900">
        {row.original.name}
        {row.original.builtIn && <Badge tone="brand">Built-in</Badge>}
      </span>
    ),
  },
  { accessorKey: "version", header: "Version", cell: ({ row }) => `v${row.original.version}` },
  {
    id: "fields",
    accessorFn: (schema) => schema.fields.map(describeField).join("; "),
    header: "Fields",
    cell: ({ row }) => (
      <ul className="grid gap-0.5 font-mono text-xs text-slate-700">
        {row.original.fields.map((field) => (
          <li key={field.name}>{describeField(field)}</li>
        ))}
      </ul>
    ),
  },
  { accessorKey: "createdAt", header: "Created", cell: ({ row }) => <RelativeTime iso={row.original.createdAt} /> },
  {
    id: "actions",
    header: "",
    enableSorting: false,
    // Built-in schemas (pii) get their versions from Larder itself (docs/tags.md): no "New version" for them.
    cell: ({ row }) =>
      latest.has(row.original) && !row.original.builtIn ? <TagSchemaDialog from={row.original} /> : null,
  },
];

const LIST_STATES = {
  loading: { label: "Loading tag schemas", columns: 5 },
  empty: { icon: Tags, title: "No tag schemas", description: "Define the tags your catalog uses." },
};

export const TagSchemasAdmin = () => {
  const query = useQuery({ queryKey: tagKeys.schemas, queryFn: fetchTagSchemas });
  const schemas = query.data?.schemas;
  return (
    <ListPage
      title="Tag schemas"
      description="What a tag may say: each schema's fields, typed and checked on every tag. Versions never change."
      actions={<AdminActions current="/admin/tag-schemas" children={<TagSchemaDialog />} />}
      query={query}
      items={schemas}
      {...LIST_STATES}
    >
      {(items) => (
        <DataTable
          columns={columns(new Set(latestSchemas(items)))}
          data={items}
          caption="Tag schemas"
          filterLabel="Filter tag schemas"
          initialSorting={[{ id: "name", desc: false }]}
        />
      )}
    </ListPage>
  );
};
