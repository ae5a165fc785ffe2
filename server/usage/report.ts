import "server-only";
import { db } from "../db/client";
import type { TProjectAccess } from "../principal";
import type { TAdminUsageReport, TUsageQuery, TUsageReport, TUsageRow } from "@/lib/api/usage";
import { GAUGE_METRICS } from "./types";

// Reading usage (docs/usage.md): the UsageDaily rows of a range, as JSON or as CSV for billing systems.

const dayText = (day: Date) => day.toISOString().slice(0, 10);
const range = (query: TUsageQuery) => ({
  gte: new Date(`${query.from}T00:00:00.000Z`),
  lte: new Date(`${query.to}T00:00:00.000Z`),
});

/** RFC 4180 quoting; a text cell starting like a formula is prefixed with ' so that a spreadsheet shows it as text. */
const csvCell = (value: string | number) => {
  if (typeof value === "number") return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

const toCsv = (header: string[], rows: (string | number)[][]) =>
  [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";

const csvResponse = (body: string, filename: string) =>
  new Response(body, {
    status: 200,
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
    },
  });

const shareItems = async (shareIds: string[]) => {
  const items = await db.shareItem.findMany({
    where: { shareId: { in: shareIds } },
    select: {
      shareId: true,
      kind: true,
      featureGroup: { select: { name: true, version: true } },
      featureView: { select: { name: true, version: true } },
      trainingDataset: { select: { name: true, version: true } },
    },
  });
  const byShare = new Map<string, { kind: string; name: string }[]>();
  for (const item of items) {
    const target = item.featureGroup ?? item.featureView ?? item.trainingDataset;
    const list = byShare.get(item.shareId) ?? [];
    list.push({ kind: item.kind, name: target ? `${target.name} v${target.version}` : "" });
    byShare.set(item.shareId, list);
  }
  return byShare;
};

/** Who shared what with whom: the project's shares made and received, in every status. */
const projectShares = async (projectId: string): Promise<TUsageReport["shares"]> => {
  const shares = await db.share.findMany({
    where: { OR: [{ homeProjectId: projectId }, { receiverProjectId: projectId }] },
    include: { homeProject: { select: { name: true } }, receiverProject: { select: { name: true } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const items = await shareItems(shares.map((share) => share.id));
  return shares.map((share) => {
    const out = share.homeProjectId === projectId;
    return {
      id: share.id,
      direction: out ? ("out" as const) : ("in" as const),
      otherProject: out ? share.receiverProject.name : share.homeProject.name,
      scope: share.scope as "ALL" | "ITEMS",
      level: share.level,
      status: share.status,
      items: items.get(share.id) ?? [],
      createdAt: share.createdAt.toISOString(),
      decidedAt: share.decidedAt?.toISOString() ?? null,
      revokedAt: share.revokedAt?.toISOString() ?? null,
    };
  });
};

export const readProjectUsage = async ({
  access,
  query,
}: {
  access: TProjectAccess;
  query: TUsageQuery;
}): Promise<TUsageReport | Response> => {
  const rows = await db.usageDaily.findMany({
    where: { projectId: access.project.id, day: range(query) },
    orderBy: [{ day: "asc" }, { subjectKind: "asc" }, { subjectName: "asc" }, { metric: "asc" }],
  });
  const usage: TUsageRow[] = rows.map((row) => ({
    day: dayText(row.day),
    subjectKind: row.subjectKind as TUsageRow["subjectKind"],
    subjectId: row.subjectId,
    subjectName: row.subjectName,
    metric: row.metric,
    value: row.value,
  }));
  if (query.format === "csv")
    return csvResponse(
      toCsv(
        ["day", "project", "subject_kind", "subject_id", "subject_name", "metric", "value"],
        usage.map((row) => [
          row.day,
          access.project.name,
          row.subjectKind,
          row.subjectId,
          row.subjectName,
          row.metric,
          row.value,
        ]),
      ),
      `usage-${access.project.name}-${query.from}-${query.to}.csv`,
    );
  const computedAt = rows.reduce<Date | null>(
    (latest, row) => (!latest || row.computedAt > latest ? row.computedAt : latest),
    null,
  );
  return {
    project: access.project.name,
    from: query.from,
    to: query.to,
    computedAt: computedAt?.toISOString() ?? null,
    rows: usage,
    shares: await projectShares(access.project.id),
  };
};

/** Every project's project-level figures (administrators), with totals: flows summed, gauges at their latest day. */
export const readAdminUsage = async ({ query }: { query: TUsageQuery }): Promise<TAdminUsageReport | Response> => {
  const rows = await db.usageDaily.findMany({
    where: { subjectKind: "project", day: range(query) },
    include: { project: { select: { name: true } } },
    orderBy: [{ day: "asc" }, { metric: "asc" }],
  });
  const usage = rows.map((row) => ({
    project: row.project.name,
    day: dayText(row.day),
    subjectId: row.subjectId,
    subjectName: row.subjectName,
    metric: row.metric,
    value: row.value,
  }));
  if (query.format === "csv")
    return csvResponse(
      toCsv(
        ["day", "project", "metric", "value"],
        usage.map((row) => [row.day, row.project, row.metric, row.value]),
      ),
      `usage-all-projects-${query.from}-${query.to}.csv`,
    );
  const totals = new Map<string, Record<string, number>>();
  for (const row of usage) {
    const project = totals.get(row.project) ?? {};
    // Rows come in day order: a gauge's last row is its latest value.
    project[row.metric] = GAUGE_METRICS.has(row.metric) ? row.value : (project[row.metric] ?? 0) + row.value;
    totals.set(row.project, project);
  }
  return {
    from: query.from,
    to: query.to,
    rows: usage,
    projects: [...totals.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([project, projectTotals]) => ({ project, totals: projectTotals })),
  };
};
