import "server-only";
import type { MonitorRun } from "../db/generated/client";
import { db } from "../db/client";
import type { TProjectAccess } from "../principal";
import type { TMonitorRun, TRunFeature } from "@/lib/api/monitoring";
import { showMonitorRun } from "@/lib/monitoring-values";
import { findMonitorRow } from "./monitors";

// A monitor's runs, newest first, as the caller may see them (lib/monitoring-values.ts).

const emptyNote = (row: MonitorRun) => {
  const between = (label: string) =>
    row.detectionStart && row.detectionEnd
      ? `no rows between ${row.detectionStart.toISOString()} and ${row.detectionEnd.toISOString()}`
      : `no rows in ${label}`;
  if (row.detectionRows === 0) return between(row.detectionLabel);
  if (row.referenceRows === 0) return `the reference (${row.referenceLabel}) has no rows`;
  return null;
};

const toRunView = (row: MonitorRun): TMonitorRun => ({
  id: row.id,
  jobId: row.jobId,
  computedAt: row.computedAt.toISOString(),
  detection: {
    label: row.detectionLabel,
    start: row.detectionStart?.toISOString() ?? null,
    end: row.detectionEnd?.toISOString() ?? null,
    rows: row.detectionRows,
  },
  reference: { label: row.referenceLabel, rows: row.referenceRows },
  breaches: row.breaches,
  empty: emptyNote(row),
  features: row.results as unknown as TRunFeature[],
});

export const findMonitorRuns = async ({
  access,
  name,
  limit = 100,
}: {
  access: TProjectAccess;
  name: string;
  limit?: number;
}) => {
  const monitor = await findMonitorRow({ access, name });
  const rows = await db.monitorRun.findMany({
    where: { monitorId: monitor.id },
    orderBy: [{ computedAt: "desc" }, { id: "desc" }],
    take: limit,
  });
  return { runs: rows.map((row) => showMonitorRun(toRunView(row), access.scopes)) };
};
