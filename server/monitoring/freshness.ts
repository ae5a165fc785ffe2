import "server-only";
import { db } from "../db/client";
import type { TProjectAccess, TRequestContext } from "../principal";
import { featureGroupWhere } from "../access-where";
import { foundVersion } from "../errors";
import { recordAuditEvent } from "../audit/record";
import { createJobSchedule } from "../jobs";
import { freshnessCheckJobContract } from "../jobs/contracts";
import type { TFreshness } from "@/lib/api/monitoring";
import { postAlert } from "./alerts";

// Freshness (docs/monitoring.md): per feature group, the age of its last commit against an SLA set on the group.
// The `freshness-check` job (scheduled every 5 minutes per project once a group there has an SLA) alerts once per
// breach: a group that stays stale does not alert again until a new commit has come and gone stale too.

export const FRESHNESS_CRON = "*/5 * * * *";

type TFreshnessRow = { freshnessSlaSeconds: number | null; lastCommitAt: Date | null; createdAt: Date };

export const freshnessOf = (row: TFreshnessRow, now = new Date()): TFreshness => {
  const age = row.lastCommitAt ? Math.max(0, (now.getTime() - row.lastCommitAt.getTime()) / 1000) : null;
  const sla = row.freshnessSlaSeconds;
  return {
    slaSeconds: sla,
    lastCommitAt: row.lastCommitAt?.toISOString() ?? null,
    lastCommitAgeSeconds: age,
    newestOnlineEventTime: null,
    onlineAgeSeconds: null,
    status: sla === null ? "none" : age !== null && age <= sla ? "ok" : "late",
  };
};

/** Every readable feature group's freshness (the catalog colours its list with it). */
export const findFreshness = async ({ access }: { access: TProjectAccess }) => {
  const rows = await db.featureGroup.findMany({
    where: featureGroupWhere({ projectId: access.project.id, intent: "read" }),
    select: { name: true, version: true, freshnessSlaSeconds: true, lastCommitAt: true, createdAt: true },
    orderBy: [{ name: "asc" }, { version: "asc" }],
  });
  return { groups: rows.map((row) => ({ name: row.name, version: row.version, ...freshnessOf(row) })) };
};

const groupRow = async ({ access, name, version }: { access: TProjectAccess; name: string; version: number }) =>
  foundVersion(
    await db.featureGroup.findFirst({
      where: { ...featureGroupWhere({ projectId: access.project.id, intent: "read" }), name, version },
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
  const group = await groupRow({ access, name, version });
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
  if (slaSeconds !== null) await ensureFreshnessSchedule({ ctx, access });
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

/** The freshness-check job's work: alert for each group past its SLA that has not alerted for this breach. */
export const checkFreshness = async ({ projectId, now = new Date() }: { projectId: string; now?: Date }) => {
  const project = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { name: true } });
  const groups = await db.featureGroup.findMany({
    where: { ...featureGroupWhere({ projectId, intent: "write" }), freshnessSlaSeconds: { not: null } },
  });
  let alerted = 0;
  for (const group of groups) {
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
        message:
          group.lastCommitAt === null
            ? `${group.name} v${group.version} has no commit; its SLA is ${group.freshnessSlaSeconds} s`
            : `${group.name} v${group.version}: last commit ${Math.round(freshness.lastCommitAgeSeconds!)} s ago, SLA ${group.freshnessSlaSeconds} s`,
        link: `/projects/${project.name}/feature-groups/${group.name}/${group.version}?tab=monitoring`,
        details: { ageSeconds: freshness.lastCommitAgeSeconds, slaSeconds: group.freshnessSlaSeconds },
      });
      await tx.featureGroup.update({ where: { id: group.id }, data: { freshnessAlertedAt: now } });
    });
    alerted += 1;
  }
  return { groups: groups.length, alerted };
};
