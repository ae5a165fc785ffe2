"use client";

import type { TDefinitionDiff } from "@/lib/api/history";
import { cn } from "@/lib/client/cn";

type TSection = TDefinitionDiff["sections"][number];
type TRow = TSection["rows"][number];

const LEFT_TONE: Record<TRow["kind"], string> = {
  same: "",
  added: "bg-slate-50",
  removed: "bg-red-50 text-red-900",
  changed: "bg-red-50 text-red-900",
};
const RIGHT_TONE: Record<TRow["kind"], string> = {
  same: "",
  added: "bg-emerald-50 text-emerald-900",
  removed: "bg-slate-50",
  changed: "bg-emerald-50 text-emerald-900",
};
const MARK: Record<"left" | "right", Record<TRow["kind"], string>> = {
  left: { same: " ", added: " ", removed: "−", changed: "−" },
  right: { same: " ", added: "+", removed: " ", changed: "+" },
};

const Cell = ({ row, side }: { row: TRow; side: "left" | "right" }) => {
  const cell = row[side];
  return (
    <>
      <td className="w-10 border-r border-slate-200 px-2 text-right align-top text-slate-400 select-none">
        {cell?.line ?? ""}
      </td>
      <td
        className={cn(
          "px-2 align-top break-all whitespace-pre-wrap",
          (side === "left" ? LEFT_TONE : RIGHT_TONE)[row.kind],
          side === "left" && "border-r border-slate-300",
        )}
        data-diff={cell ? (row.kind === "same" ? "same" : side === "left" ? "removed" : "added") : "empty"}
      >
        <span aria-hidden className="mr-1 text-slate-400">
          {cell ? MARK[side][row.kind] : ""}
        </span>
        {cell?.text ?? ""}
      </td>
    </>
  );
};

/** One section of a definition diff, both sides in columns like a code review. */
const SectionDiff = ({ section, from, to }: { section: TSection; from: string; to: string }) => (
  <figure className="overflow-hidden rounded-md border border-slate-200" aria-label={`${section.title} changes`}>
    <figcaption className="border-b border-slate-200 bg-slate-50 px-3 py-1.5 text-xs font-semibold text-slate-700">
      {section.title}
    </figcaption>
    <table className="w-full table-fixed border-collapse font-mono text-xs">
      <colgroup>
        <col className="w-10" />
        <col />
        <col className="w-10" />
        <col />
      </colgroup>
      <thead className="sr-only">
        <tr>
          <th>Line</th>
          <th>{from}</th>
          <th>Line</th>
          <th>{to}</th>
        </tr>
      </thead>
      <tbody>
        {section.rows.map((row, index) => (
          <tr key={index} className="border-t border-slate-100 first:border-t-0">
            <Cell row={row} side="left" />
            <Cell row={row} side="right" />
          </tr>
        ))}
      </tbody>
    </table>
  </figure>
);

/** The changed sections of a diff side by side; the unchanged ones named in one line. */
export const DefinitionDiffView = ({ diff }: { diff: TDefinitionDiff }) => {
  // Each side names the revision it resolved to and when it was made (a point in time resolves to the version's
  // latest revision up to then).
  const side = ({ revision, version, at }: TDefinitionDiff["from"]) =>
    `r${revision} (v${version}) · ${new Date(at).toLocaleString()}`;
  const from = side(diff.from);
  const to = side(diff.to);
  const changed = diff.sections.filter((section) => section.changed);
  const unchanged = diff.sections.filter((section) => !section.changed);
  return (
    <div className="grid gap-3">
      <div className="grid grid-cols-2 gap-4 text-xs font-medium text-slate-600">
        <span>{from}</span>
        <span>{to}</span>
      </div>
      {changed.length === 0 && <p className="text-sm text-slate-600">The two definitions are identical.</p>}
      {changed.map((section) => (
        <SectionDiff key={section.title} section={section} from={from} to={to} />
      ))}
      {unchanged.length > 0 && (
        <p className="text-xs text-slate-500">Unchanged: {unchanged.map((section) => section.title).join(", ")}</p>
      )}
    </div>
  );
};
