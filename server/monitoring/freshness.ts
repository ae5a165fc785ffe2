import "server-only";
import { db } from "../db/client";
import type { TProjectAccess, TRequestContext } from "../principal";
import { featureGroupWhere } from "../access-where";
import { foundVersion } from "../errors";
import { recordAuditEvent } from "../audit/record";
import { createJobSchedule } from "../jobs";
import { freshnessCheckJobContract } from "../jobs/contracts";
import type { TFreshness } from "@/lib/api/monitoring";
import { eventTimeInstantSql, isEventTimeType, queryJsonRows, quoteIdent, readTable, withDuckDb } from "../offline";
import { postAlert } from "./alerts";

// Freshness (docs/monitoring.md): per feature group, the age of its last commit (and, online-enabled, of the newest
// event time the online store serves: that of the last commit it reflects) against an SLA set on the group.
// The `freshness-check` job (scheduled every 5 minutes per project once a group there has an SLA) alerts once per
// breach: a group that stays stale does not alert again until a new commit has come and gone stale too.

const FRESHNESS_CRON = "*/5 * * * *";

type TFreshnessRow = {
  freshnessSlaSeconds: number | null;
  lastCommitAt: Date | null;
  onlineEnabled: boolean;
  freshnessEventTime: Date | null;
};

const ageSeconds = (at: Date | null, now: Date) => (at ? Math.max(0, (now.getTime() - at.getTime()) / 1000) : null);

/**
 * Late when the last commit is older than the SLA (or there is none), or, for an online-enabled group, when the
 * newest event time it serves is older than the SLA.
 */
const freshnessOf = (row: TFreshnessRow, now = new Date()): TFreshness => {
  const age = ageSeconds(row.lastCommitAt, now);
  const onlineAge = row.onlineEnabled ? ageSeconds(row.freshnessEventTime, now) : null;
  const sla = row.freshnessSlaSeconds;
  const commitOk = age !== null && sla !== null && age <= sla;
  const onlineOk = onlineAge === null || (sla !== null && onlineAge <= sla);
  return {
    slaSeconds: sla,
    lastCommitAt: row.lastCommitAt?.toISOString() ?? null,
    lastCommitAgeSeconds: age,
    newestOnlineEventTime: row.onlineEnabled ? (row.freshnessEventTime?.toISOString() ?? null) : null,
    onlineAgeSeconds: onlineAge,
    status: sla === null ? "none" : commitOk && onlineOk ? "ok" : "late",
  };
};

/**
 * The newest event time the online store serves: that of the snapshot it reflects (its last materialized commit,
 * which lags the group's latest commit while the online store is out of sync), not of the latest commit. Null: no
 * event time, nothing online yet, or no rows.
 */
const newestOnlineEventTime = async (group: {
  id: string;
  tablePath: string;
  eventTime: string | null;
  features: { name: string; type: string }[];
}): Promise<Date | null> => {
  const column = group.features.find((feature) => feature.name === group.eventTime);
  const online = await db.onlineMaterialization.findUnique({
    where: { featureGroupId: group.id },
    select: { lastMaterializedVersion: true },
  });
  const version = online?.lastMaterializedVersion ?? 0;
  if (!column || !isEventTimeType(column.type) || version < 1) return null;
  const instant = eventTimeInstantSql({ expression: quoteIdent(column.name), type: column.type });
  return withDuckDb({ memoryLimit: "256MB", threads: 1 }, async (connection) => {
    const table = await readTable({ tablePath: group.tablePath, asOf: { version }, connection });
    const [row] = await queryJsonRows(connection, `SELECT epoch_ms(max(${instant})) AS newest FROM ${table.sql} AS t`);
    return row?.newest === null || row?.newest === undefined ? null : new Date(Number(row.newest));
  });
};

/** Reads and stores an online-enabled group's newest event time. */
const refreshEventTime = async (projectId: string, groupId: string) => {
  const group = await db.featureGroup.findFirstOrThrow({
    where: { ...featureGroupWhere({ projectId, intent: "write" }), id: groupId },
    include: { features: true },
  });
  if (!group.onlineEnabled) return group;
  return db.featureGroup.update({
    where: { id: group.id },
    data: { freshnessEventTime: await newestOnlineEventTime(group) },
  });
};

/** Every readable feature group's freshness (the catalog colours its list with it). */
export const findFreshness = async ({ access }: { access: TProjectAccess }) => {
  const rows = await db.featureGroup.findMany({
    where: featureGroupWhere({ projectId: access.project.id, intent: "read" }),
    select: {
      name: true,
      version: true,
      freshnessSlaSeconds: true,
      lastCommitAt: true,
      onlineEnabled: true,
      freshnessEventTime: true,
    },
    orderBy: [{ name: "asc" }, { version: "asc" }],
  });
  return { groups: rows.map((row) => ({ name: row.name, version: row.version, ...freshnessOf(row) })) };
};

const groupRow = async ({
  access,
  name,
  version,
  intent = "read",
}: {
  access: TProjectAccess;
  name: string;
  version: number;
  intent?: "read" | "write";
}) =>
  foundVersion(
    await db.featureGroup.findFirst({
      where: { ...featureGroupWhere({ projectId: access.project.id, intent }), name, version },
    }),
    "Feature group",
    { name, version },
  );

export const getFreshness = async (input: { access: TProjectAccess; name: string; version: number }) =>
  freshnessOf(await groupRow(input));

export const setFreshnessSla = async ({
  ctx,
  access,
  name,
  version,
  slaSeconds,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  name: string;
  version: number;
  slaSeconds: number | null;
}) => {
  // Setting an SLA changes the group: its own project only (a group shared with it is not found, docs/sharing.md).
  const group = await groupRow({ access, name, version, intent: "write" });
  await db.$transaction(async (tx) => {
    await tx.featureGroup.update({
      where: { id: group.id },
      data: { freshnessSlaSeconds: slaSeconds, freshnessAlertedAt: null },
    });
    await recordAuditEvent({
      ctx,
      project: access.project,
      action: "featureGroup.freshness",
      resourceType: "featureGroup",
      resourceId: group.id,
      resourceName: `${name} v${version}`,
      details: { slaSeconds },
      tx,
    });
  });
  if (slaSeconds !== null) {
    await refreshEventTime(access.project.id, group.id);
    await ensureFreshnessSchedule({ ctx, access });
  }
  return getFreshness({ access, name, version });
};

/** The project's freshness-check schedule, created with its first SLA. */
const ensureFreshnessSchedule = async ({ ctx, access }: { ctx: TRequestContext; access: TProjectAccess }) => {
  const existing = await db.jobSchedule.findFirst({
    where: { projectId: access.project.id, type: freshnessCheckJobContract.type },
    select: { id: true },
  });
  if (!existing)
    await createJobSchedule({ ctx, access, input: { type: freshnessCheckJobContract.type, cron: FRESHNESS_CRON } });
};

const staleMessage = (group: { name: string; version: number }, freshness: TFreshness) => {
  const sla = formatSeconds(freshness.slaSeconds ?? 0);
  const what =
    freshness.lastCommitAgeSeconds === null
      ? "has no commit"
      : freshness.lastCommitAgeSeconds > (freshness.slaSeconds ?? 0)
        ? `last commit ${formatSeconds(freshness.lastCommitAgeSeconds)} ago`
        : `newest event time ${formatSeconds(freshness.onlineAgeSeconds ?? 0)} old`;
  return `${group.name} v${group.version} is stale: ${what}, SLA ${sla}`;
};

const formatSeconds = (seconds: number) =>
  seconds < 7200
    ? `${Math.round(seconds / 60)} min`
    : seconds < 172_800
      ? `${Math.round(seconds / 3600)} h`
      : `${Math.round(seconds / 86_400)} d`;

/** The freshness-check job's work: alert for each group past its SLA that has not alerted for this breach. */
export const checkFreshness = async ({ projectId, now = new Date() }: { projectId: string; now?: Date }) => {
  const project = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { name: true } });
  const groups = await db.featureGroup.findMany({
    where: { ...featureGroupWhere({ projectId, intent: "write" }), freshnessSlaSeconds: { not: null } },
  });
  let alerted = 0;
  for (const found of groups) {
    const group = await refreshEventTime(projectId, found.id);
    const freshness = freshnessOf(group, now);
    const alreadyAlerted =
      group.freshnessAlertedAt !== null &&
      (group.lastCommitAt === null || group.freshnessAlertedAt > group.lastCommitAt);
    if (freshness.status !== "late" || alreadyAlerted) continue;
    await db.$transaction(async (tx) => {
      await postAlert({
        tx,
        projectId,
        kind: "monitoring.freshness",
        severity: "critical",
        subject: `featureGroup:${group.name}:${group.version}`,
        message: staleMessage(group, freshness),
        link: `/projects/${project.name}/feature-groups/${group.name}/${group.version}?tab=monitoring`,
        details: {
          ageSeconds: freshness.lastCommitAgeSeconds,
          onlineAgeSeconds: freshness.onlineAgeSeconds,
          slaSeconds: group.freshnessSlaSeconds,
        },
      });
      await tx.featureGroup.update({ where: { id: group.id }, data: { freshnessAlertedAt: now } });
    });
    alerted += 1;
  }
  return { groups: groups.length, alerted };
};
