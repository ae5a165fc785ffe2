"use client";

import { Network } from "lucide-react";
import Link from "next/link";
import type { TLineageNodeKind } from "@/lib/api/lineage";
import { lineageHref } from "@/lib/client/lineage";

/** The "Lineage" action of an artifact's page. */
export const LineageLink = ({
  project,
  kind,
  name,
  version,
}: {
  project: string;
  kind: TLineageNodeKind;
  name: string;
  version: number;
}) => (
  <Link
    href={lineageHref(project, kind, name, version)}
    className="inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50"
  >
    <Network className="size-4" aria-hidden /> Lineage
  </Link>
);
