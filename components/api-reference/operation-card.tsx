import { ChevronRight, Lock, Unlock } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { InlineTable } from "@/components/ui/table";
import { cn } from "@/lib/client/cn";
import type { TOperation } from "./openapi-model";

const METHOD_CLASSES: Record<string, string> = {
  GET: "bg-sky-100 text-sky-900",
  POST: "bg-emerald-100 text-emerald-900",
  PUT: "bg-amber-100 text-amber-900",
  PATCH: "bg-amber-100 text-amber-900",
  DELETE: "bg-red-100 text-red-800",
};

const MethodBadge = ({ method }: { method: string }) => (
  <span
    className={cn(
      "inline-flex w-16 shrink-0 justify-center rounded px-1.5 py-0.5 font-mono text-xs font-semibold",
      METHOD_CLASSES[method] ?? "bg-slate-100 text-slate-800",
    )}
  >
    {method}
  </span>
);

const SchemaBlock = ({
  title,
  contentType,
  schema,
}: {
  title: string;
  contentType: string | null;
  schema: unknown;
}) => (
  <div className="min-w-0">
    <h4 className="mb-1.5 flex items-center gap-2 text-xs font-semibold uppercase tracking-wide text-slate-600">
      {title}
      {contentType && <span className="font-mono font-normal normal-case text-slate-500">{contentType}</span>}
    </h4>
    {schema ? (
      <pre
        tabIndex={0}
        className="max-h-96 overflow-auto rounded-md bg-slate-900 p-3 font-mono text-xs leading-relaxed text-slate-100"
      >
        {JSON.stringify(schema, null, 2)}
      </pre>
    ) : (
      <p className="rounded-md border border-dashed border-slate-300 px-3 py-2 text-xs text-slate-600">No body.</p>
    )}
  </div>
);

export const OperationCard = ({ operation }: { operation: TOperation }) => (
  <details id={operation.id} className="group rounded-lg border border-slate-200 bg-white shadow-sm open:shadow">
    <summary className="flex cursor-pointer list-none items-center gap-3 px-4 py-3 [&::-webkit-details-marker]:hidden">
      <ChevronRight className="size-4 shrink-0 text-slate-500 transition-transform group-open:rotate-90" aria-hidden />
      <MethodBadge method={operation.method} />
      <code className="min-w-0 truncate font-mono text-sm text-slate-900">{operation.path}</code>
      <span className="hidden min-w-0 flex-1 truncate text-sm text-slate-600 md:block">{operation.summary}</span>
      {operation.isPublic ? (
        <Badge tone="warning" className="ml-auto shrink-0">
          <Unlock className="size-3" aria-hidden /> public
        </Badge>
      ) : (
        operation.scope && (
          <Badge tone="neutral" className="ml-auto shrink-0 font-mono">
            <Lock className="size-3" aria-hidden /> {operation.scope}
          </Badge>
        )
      )}
    </summary>
    <div className="space-y-4 border-t border-slate-200 px-4 py-4">
      <p className="text-sm text-slate-700">
        {operation.summary}.
        {operation.scope && (
          <>
            {" "}
            Requires the <code className="rounded bg-slate-100 px-1 font-mono text-xs">{operation.scope}</code> scope.
          </>
        )}
        {!operation.scope && !operation.isPublic && " Requires a signed-in user."}
      </p>
      {operation.parameters.length > 0 && (
        <div>
          <h4 className="mb-1.5 text-xs font-semibold uppercase tracking-wide text-slate-600">Parameters</h4>
          <InlineTable
            caption={`Parameters of ${operation.id}`}
            columns={["Name", "In", "Type", "Required"]}
            headerCellClassName="py-1 pr-4"
          >
            {operation.parameters.map((parameter) => (
              <tr key={`${parameter.location}-${parameter.name}`}>
                <td className="py-1.5 pr-4 font-mono text-xs">{parameter.name}</td>
                <td className="py-1.5 pr-4 text-slate-700">{parameter.location}</td>
                <td className="py-1.5 pr-4 font-mono text-xs text-slate-700">{parameter.type}</td>
                <td className="py-1.5 text-slate-700">{parameter.isRequired ? "yes" : "no"}</td>
              </tr>
            ))}
          </InlineTable>
        </div>
      )}
      <div className="grid gap-4 lg:grid-cols-2">
        <SchemaBlock
          title="Request body"
          contentType={operation.request?.contentType ?? null}
          schema={operation.request?.schema}
        />
        <SchemaBlock
          title={`Response ${operation.response.status}`}
          contentType={operation.response.contentType}
          schema={operation.response.schema}
        />
      </div>
      <p className="text-xs text-slate-600">
        Errors are <code className="font-mono">application/problem+json</code> with{" "}
        <code className="font-mono">title</code>, <code className="font-mono">status</code>,{" "}
        <code className="font-mono">detail</code> and the invalid fields in <code className="font-mono">errors</code>.
      </p>
    </div>
  </details>
);
