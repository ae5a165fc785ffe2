import { KeyRound, Tag } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { CardBody, Section } from "@/components/ui/card";
import { pluralize } from "@/lib/client/format";
import type { TBuilderPreview } from "./builder-preview";

/** The columns the view will produce, in order, and its serving keys; recomputed on every change. */
export const PreviewPanel = ({ preview }: { preview: TBuilderPreview }) => (
  <Section
    id="preview-title"
    className="lg:sticky lg:top-4"
    title="Preview"
    description={
      preview.columns.length
        ? pluralize(preview.columns.length, "output column")
        : "Pick a root feature group to start."
    }
  >
    <CardBody className="grid gap-4">
      <section aria-labelledby="preview-keys">
        <h3 id="preview-keys" className="mb-1.5 text-xs font-medium uppercase tracking-wide text-slate-600">
          Serving keys
        </h3>
        {preview.servingKeys.length === 0 ? (
          <p className="text-sm text-slate-500">—</p>
        ) : (
          <ul className="flex flex-wrap gap-1">
            {preview.servingKeys.map((key) => (
              <li key={key.name}>
                <Badge tone="warning">
                  <KeyRound className="size-3" aria-hidden /> <span className="font-mono">{key.name}</span> {key.type}
                </Badge>
              </li>
            ))}
          </ul>
        )}
        <p className="mt-1 text-xs text-slate-600">What an online request passes: the root group's primary key.</p>
      </section>
      <section aria-labelledby="preview-columns">
        <h3 id="preview-columns" className="mb-1.5 text-xs font-medium uppercase tracking-wide text-slate-600">
          Columns in order
        </h3>
        <ol className="grid max-h-[28rem] gap-0.5 overflow-y-auto text-xs" tabIndex={0}>
          {preview.columns.map((column, index) => (
            <li
              key={`${column.source}.${column.name}.${index}`}
              className={
                column.isDuplicate
                  ? "flex items-center gap-1.5 rounded bg-red-50 px-1.5 py-0.5"
                  : "flex items-center gap-1.5 px-1.5 py-0.5"
              }
            >
              <span className="w-5 shrink-0 text-right tabular-nums text-slate-500">{index + 1}</span>
              <span className="truncate font-mono text-slate-900">{column.name}</span>
              {column.isLabel && (
                <Badge tone="violet">
                  <Tag className="size-3" aria-hidden />
                  label
                </Badge>
              )}
              {column.isDuplicate && <span className="font-medium text-red-700">duplicate name</span>}
              <span className="ml-auto shrink-0 text-slate-500">{column.source}</span>
            </li>
          ))}
        </ol>
      </section>
    </CardBody>
  </Section>
);
