import "server-only";
import { featureGroupWhere, featureViewWhere, trainingDatasetWhere } from "../access-where";
import { recordAuditEvent } from "../audit/record";
import { db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors";
import { newId } from "../ids";
import type { TProjectAccess, TRequestContext } from "../principal";
import {
  ZCreateShareSchema,
  type TCreateShare,
  type TShare,
  type TShareImpact,
  type TShareItemKind,
} from "@/lib/api/sharing";
import { refuseNameCollisions } from "./collisions";
import { shareImpact, sharedIds } from "./impact";

// Shares between projects (docs/sharing.md). A share is written, decided and revoked together with one audit event
// in EACH of the two projects, in one transaction; what a share makes readable is decided in access-where.ts alone.

const ITEM_INCLUDE = { select: { name: true, version: true } } as const;
const SHARE_INCLUDE = {
  homeProject: { select: { id: true, name: true } },
  receiverProject: { select: { id: true, name: true } },
  items: {
    orderBy: { id: "asc" },
    include: { featureGroup: ITEM_INCLUDE, featureView: ITEM_INCLUDE, trainingDataset: ITEM_INCLUDE },
  },
} satisfies Prisma.ShareInclude;
type TShareRow = Prisma.ShareGetPayload<{ include: typeof SHARE_INCLUDE }>;

const ITEM_ID = {
  featureGroup: "featureGroupId",
  featureView: "featureViewId",
  trainingDataset: "trainingDatasetId",
} as const satisfies Record<TShareItemKind, string>;

const toShares = async (rows: TShareRow[]): Promise<TShare[]> => {
  const userIds = [...new Set(rows.flatMap((row) => [row.createdById, row.decidedById, row.revokedById]))].filter(
    (id): id is string => id !== null,
  );
  const emails = new Map(
    (await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } })).map((user) => [
      user.id,
      user.email,
    ]),
  );
  const whoWhen = (at: Date | null, by: string | null) =>
    at ? { at: at.toISOString(), by: by ? (emails.get(by) ?? null) : null } : null;
  return rows.map((row) => ({
    id: row.id,
    homeProject: row.homeProject.name,
    receiverProject: row.receiverProject.name,
    items:
      row.scope === "ALL"
        ? "all"
        : row.items.flatMap((item) => {
            const kind = item.kind as TShareItemKind;
            const target = item[kind];
            const id = item[ITEM_ID[kind]];
            return target && id ? [{ kind, id, name: target.name, version: target.version }] : [];
          }),
    level: row.level as TShare["level"],
    status: row.status as TShare["status"],
    created: whoWhen(row.createdAt, row.createdById),
    decided: whoWhen(row.decidedAt, row.decidedById),
    revoked: whoWhen(row.revokedAt, row.revokedById),
  }));
};

export const listShares = async ({ access }: { access: TProjectAccess }) => {
  const find = (where: Prisma.ShareWhereInput) =>
    db.share.findMany({ where, include: SHARE_INCLUDE, orderBy: { createdAt: "desc" } }).then(toShares);
  const [sharedBy, sharedWith] = await Promise.all([
    find({ homeProjectId: access.project.id }),
    find({ receiverProjectId: access.project.id }),
  ]);
  return { sharedBy, sharedWith };
};

/** One audit event in each project of the share, in the caller's transaction. */
const auditBoth = async ({
  tx,
  ctx,
  share,
  action,
  details = {},
}: {
  tx: Prisma.TransactionClient;
  ctx: TRequestContext;
  share: Pick<TShareRow, "id" | "homeProject" | "receiverProject">;
  action: string;
  details?: Record<string, unknown>;
}) => {
  for (const project of [share.homeProject, share.receiverProject])
    await recordAuditEvent({
      tx,
      ctx,
      project,
      action,
      resourceType: "share",
      resourceId: share.id,
      resourceName: `${share.homeProject.name} → ${share.receiverProject.name}`,
      details: { homeProjectId: share.homeProject.id, receiverProjectId: share.receiverProject.id, ...details },
    });
};

const invalid = (path: string, message: string) => new InvalidInputError("Invalid share", [{ path, message }]);

/** The listed items, each checked to be the home project's own: 422 naming the first that is not. */
const ownItems = async ({
  homeProjectId,
  items,
}: {
  homeProjectId: string;
  items: { kind: TShareItemKind; id: string }[];
}) => {
  const own = { projectId: homeProjectId, intent: "write" } as const;
  const idsOf = (kind: TShareItemKind) => items.filter((item) => item.kind === kind).map(({ id }) => id);
  const [groups, views, datasets] = await Promise.all([
    db.featureGroup.findMany({
      where: { ...featureGroupWhere(own), id: { in: idsOf("featureGroup") } },
      select: { id: true },
    }),
    db.featureView.findMany({
      where: { ...featureViewWhere(own), id: { in: idsOf("featureView") } },
      select: { id: true },
    }),
    db.trainingDataset.findMany({
      where: { ...trainingDatasetWhere(own), id: { in: idsOf("trainingDataset") } },
      select: { id: true },
    }),
  ]);
  const found = new Set([...groups, ...views, ...datasets].map(({ id }) => id));
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (!found.has(item.id)) throw invalid(`items.${index}.id`, `no ${item.kind} '${item.id}' in this project`);
    if (seen.has(item.id)) throw invalid(`items.${index}.id`, `'${item.id}' is listed twice`);
    seen.add(item.id);
  });
};

const LIVE = ["PENDING", "ACCEPTED"];

export const createShare = async ({
  ctx,
  access,
  input,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  input: TCreateShare;
}): Promise<TShare> => {
  const { withProject, level, items } = ZCreateShareSchema.parse(input);
  if (withProject === access.project.name) throw invalid("withProject", "a project cannot share with itself");
  const receiver = await db.project.findUnique({ where: { name: withProject }, select: { id: true, name: true } });
  if (!receiver) throw invalid("withProject", `no project '${withProject}'`);
  if (items !== "all") await ownItems({ homeProjectId: access.project.id, items });
  const id = newId("shr");
  await db.$transaction(async (tx) => {
    // One share decision per pair of projects at a time, so two requests cannot both pass the duplicate check.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`share:${access.project.id}:${receiver.id}`}))`;
    const live = await tx.share.findMany({
      where: { homeProjectId: access.project.id, receiverProjectId: receiver.id, status: { in: LIVE } },
      include: { items: true },
    });
    if (live.some((share) => share.scope === "ALL"))
      throw invalid("items", `the whole feature store is already shared with '${withProject}'`);
    if (items === "all" && live.length)
      throw invalid("items", `items are already shared with '${withProject}': revoke those shares first`);
    if (items !== "all") {
      const already = new Set(
        live.flatMap((share) => share.items.flatMap((item) => [item[ITEM_ID[item.kind as TShareItemKind]]])),
      );
      const index = items.findIndex((item) => already.has(item.id));
      if (index >= 0)
        throw invalid(`items.${index}.id`, `'${items[index].id}' is already shared with '${withProject}'`);
    }
    await tx.share.create({
      data: {
        id,
        homeProjectId: access.project.id,
        receiverProjectId: receiver.id,
        scope: items === "all" ? "ALL" : "ITEMS",
        level,
        createdById: ctx.principal.userId,
        items:
          items === "all"
            ? undefined
            : { create: items.map((item) => ({ id: newId("shi"), kind: item.kind, [ITEM_ID[item.kind]]: item.id })) },
      },
    });
    await auditBoth({
      tx,
      ctx,
      share: { id, homeProject: access.project, receiverProject: receiver },
      action: "share.create",
      details: { level, items },
    });
  });
  return (await toShares([await db.share.findUniqueOrThrow({ where: { id }, include: SHARE_INCLUDE })]))[0];
};

/** A share of this project, seen from its side; 404 for any other (the same answer as for an unknown id). */
const shareOf = async ({ shareId, where }: { shareId: string; where: Prisma.ShareWhereInput }) => {
  const share = await db.share.findFirst({ where: { ...where, id: shareId }, include: SHARE_INCLUDE });
  if (!share) throw new NotFoundError(`Share '${shareId}' not found`);
  return share;
};

/** Moves a share from one of `from` to `to`, with its audit events; 409 when it is no longer in `from`. */
const transition = async ({
  ctx,
  share,
  from,
  data,
  action,
  details,
}: {
  ctx: TRequestContext;
  share: TShareRow;
  from: string[];
  data: Prisma.ShareUpdateManyMutationInput;
  action: string;
  details?: Record<string, unknown>;
}): Promise<TShare> => {
  await db.$transaction(async (tx) => {
    const { count } = await tx.share.updateMany({ where: { id: share.id, status: { in: from } }, data });
    if (!count)
      throw new ConflictError(
        `Share '${share.id}' is ${share.status.toLowerCase()}, not ${from.join(" or ").toLowerCase()}`,
      );
    await auditBoth({ tx, ctx, share, action, details });
  });
  return (await toShares([await db.share.findUniqueOrThrow({ where: { id: share.id }, include: SHARE_INCLUDE })]))[0];
};

export const decideShare = async ({
  ctx,
  access,
  shareId,
  decision,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  shareId: string;
  decision: "ACCEPTED" | "DECLINED";
}) => {
  const share = await shareOf({ shareId, where: { receiverProjectId: access.project.id } });
  if (decision === "ACCEPTED" && share.status === "PENDING")
    await refuseNameCollisions({
      homeProjectId: share.homeProjectId,
      receiverProjectId: share.receiverProjectId,
      shared: await sharedIds(share),
    });
  return transition({
    ctx,
    share,
    from: ["PENDING"],
    data: { status: decision, decidedById: ctx.principal.userId, decidedAt: new Date() },
    action: decision === "ACCEPTED" ? "share.accept" : "share.decline",
  });
};

export const getShareImpact = async ({ access, shareId }: { access: TProjectAccess; shareId: string }) => {
  const share = await shareOf({ shareId, where: { homeProjectId: access.project.id } });
  return impactOf(share);
};

const impactOf = async (share: TShareRow): Promise<TShareImpact> =>
  shareImpact({ receiverProjectId: share.receiverProjectId, shared: await sharedIds(share) });

export const revokeShare = async ({
  ctx,
  access,
  shareId,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  shareId: string;
}) => {
  const share = await shareOf({ shareId, where: { homeProjectId: access.project.id } });
  const impact = await impactOf(share);
  const revoked = await transition({
    ctx,
    share,
    from: ["PENDING", "ACCEPTED"],
    data: { status: "REVOKED", revokedById: ctx.principal.userId, revokedAt: new Date() },
    action: "share.revoke",
    details: { impact },
  });
  return { share: revoked, impact };
};
