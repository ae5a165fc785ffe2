import "server-only";
import {
  REQUESTABLE_ROLES,
  type TAccessRequest,
  type TCreateAccessRequest,
  type TRequestableRole,
} from "@/lib/api/discovery";
import { ROLE_LABELS } from "@/lib/scopes";
import { recordAuditEvent } from "../audit/record";
import { db } from "../db/client";
import { Prisma } from "../db/generated/client";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors";
import { newId } from "../ids";
import { postAlert } from "../monitoring/alerts";
import type { TProjectAccess, TRequestContext } from "../principal";
import { notifyUser } from "./notifications";

// Access requests (docs/sharing.md, "Discovery and access requests"): a signed-in user asks to join a discoverable
// project with a role; its Owners (scope accessRequests:decide) approve with a role — the membership is created in
// the same transaction — or decline; the requester may withdraw. Every step writes one audit event in the project
// naming the requester, and a decision writes the requester's notification, in the step's transaction.

const INCLUDE = {
  project: { select: { id: true, name: true } },
  requester: { select: { email: true, name: true } },
} as const;
type TRow = Prisma.AccessRequestGetPayload<{ include: typeof INCLUDE }>;

const toView = async (row: TRow): Promise<TAccessRequest> => {
  const decider = row.decidedById
    ? await db.user.findUnique({ where: { id: row.decidedById }, select: { email: true } })
    : null;
  return {
    id: row.id,
    project: row.project.name,
    requester: row.requester,
    role: row.role as TRequestableRole,
    reason: row.reason,
    status: row.status as TAccessRequest["status"],
    createdAt: row.createdAt.toISOString(),
    decided: row.decidedAt ? { at: row.decidedAt.toISOString(), by: decider?.email ?? null } : null,
    grantedRole: (row.grantedRole as TRequestableRole | null) ?? null,
  };
};

const audit = ({
  tx,
  ctx,
  row,
  action,
  details = {},
}: {
  tx: Prisma.TransactionClient;
  ctx: TRequestContext;
  row: TRow;
  action: string;
  details?: Record<string, unknown>;
}) =>
  recordAuditEvent({
    tx,
    ctx,
    project: row.project,
    action,
    resourceType: "accessRequest",
    resourceId: row.id,
    resourceName: row.requester.email,
    details: { requester: row.requester.email, roleAsked: row.role, ...details },
  });

const roleLabel = (role: string) => ROLE_LABELS[role as TRequestableRole] ?? role;

/** Any signed-in user, for a discoverable project they are not a member of: one pending request per project. */
export const createAccessRequest = async ({ ctx, input }: { ctx: TRequestContext; input: TCreateAccessRequest }) => {
  const userId = ctx.principal.userId;
  // The same answer for a project that does not exist and one that is not discoverable: neither is named to a
  // non-member.
  const notDiscoverable = () =>
    new InvalidInputError("This project cannot be asked to join", [
      { path: "project", message: `no discoverable project is named '${input.project}'` },
    ]);
  const project = await db.project.findUnique({ where: { name: input.project }, select: { id: true } });
  if (!project) throw notDiscoverable();
  const id = newId("acr");
  try {
    await db.$transaction(async (tx) => {
      // Read under a share lock: the Owner cannot turn discovery off half-way through this request.
      const [locked] = await tx.$queryRaw<{ discoverable: boolean }[]>`
        SELECT discoverable FROM "Project" WHERE id = ${project.id} FOR SHARE`;
      if (!locked?.discoverable) throw notDiscoverable();
      const member = await tx.membership.findUnique({ where: { projectId_userId: { projectId: project.id, userId } } });
      if (member) throw new ConflictError(`You are already a member of project '${input.project}'`);
      const row = await tx.accessRequest.create({
        data: { id, projectId: project.id, requesterId: userId, role: input.role, reason: input.reason },
        include: INCLUDE,
      });
      await audit({ tx, ctx, row, action: "accessRequest.create", details: { reason: input.reason } });
      await postAlert({
        tx,
        projectId: project.id,
        kind: "access.request",
        severity: "info",
        subject: `accessRequest:${row.id}`,
        message: `${row.requester.email} asks to join as ${roleLabel(row.role)}`,
        link: `/projects/${row.project.name}/settings/access-requests`,
      });
    });
  } catch (error) {
    // The partial unique index: one pending request per user and project, also against a concurrent twin.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      throw new ConflictError(`You already have a pending request to join project '${input.project}'`);
    throw error;
  }
  return toView(await db.accessRequest.findUniqueOrThrow({ where: { id }, include: INCLUDE }));
};

const ORDER = [{ createdAt: "desc" }, { id: "desc" }] satisfies Prisma.AccessRequestOrderByWithRelationInput[];

export const listProjectAccessRequests = async ({ access }: { access: TProjectAccess }) => {
  const rows = await db.accessRequest.findMany({
    where: { projectId: access.project.id },
    include: INCLUDE,
    orderBy: ORDER,
  });
  const pendingFirst = [...rows].sort((a, b) => Number(b.status === "PENDING") - Number(a.status === "PENDING"));
  return { requests: await Promise.all(pendingFirst.map(toView)) };
};

export const listOwnAccessRequests = async ({ ctx }: { ctx: TRequestContext }) => {
  const rows = await db.accessRequest.findMany({
    where: { requesterId: ctx.principal.userId },
    include: INCLUDE,
    orderBy: ORDER,
  });
  return { requests: await Promise.all(rows.map(toView)) };
};

const requestIn = async (where: Prisma.AccessRequestWhereInput & { id: string }) => {
  const row = await db.accessRequest.findFirst({ where, include: INCLUDE });
  if (!row) throw new NotFoundError(`Access request '${where.id}' not found`);
  return row;
};

/** Moves a pending request on, or 409 when it was decided (or withdrawn) first. */
const leavePending = async (
  tx: Prisma.TransactionClient,
  row: TRow,
  data: Prisma.AccessRequestUpdateManyMutationInput,
) => {
  const { count } = await tx.accessRequest.updateMany({ where: { id: row.id, status: "PENDING" }, data });
  if (!count) {
    const now = await tx.accessRequest.findUniqueOrThrow({ where: { id: row.id }, select: { status: true } });
    throw new ConflictError(`Access request '${row.id}' is ${now.status.toLowerCase()}, not pending`);
  }
};

export const decideAccessRequest = async ({
  ctx,
  access,
  requestId,
  decision,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  requestId: string;
  decision: { approve: true; role?: TRequestableRole } | { approve: false };
}) => {
  const row = await requestIn({ id: requestId, projectId: access.project.id });
  const decided = { decidedById: ctx.principal.userId, decidedAt: new Date() };
  await db.$transaction(async (tx) => {
    if (decision.approve) {
      const role = decision.role ?? (row.role as TRequestableRole);
      if (!REQUESTABLE_ROLES.includes(role))
        throw new InvalidInputError("Invalid role", [{ path: "role", message: "not grantable" }]);
      await leavePending(tx, row, { ...decided, status: "APPROVED", grantedRole: role });
      const member = await tx.membership.findUnique({
        where: { projectId_userId: { projectId: row.projectId, userId: row.requesterId } },
      });
      if (member)
        throw new ConflictError(`${row.requester.email} is already a member of this project; decline instead`);
      await tx.membership.create({ data: { projectId: row.projectId, userId: row.requesterId, role } });
      await audit({ tx, ctx, row, action: "accessRequest.approve", details: { roleGranted: role } });
      await recordAuditEvent({
        tx,
        ctx,
        project: row.project,
        action: "member.add",
        resourceType: "member",
        resourceId: row.requesterId,
        resourceName: row.requester.email,
        details: { email: row.requester.email, role, accessRequestId: row.id },
      });
      await notifyUser({
        tx,
        userId: row.requesterId,
        kind: "accessRequest.approved",
        message: `Your request to join ${row.project.name} was approved: you are ${roleLabel(role)} there`,
        link: `/projects/${row.project.name}`,
      });
    } else {
      await leavePending(tx, row, { ...decided, status: "DECLINED" });
      await audit({ tx, ctx, row, action: "accessRequest.decline" });
      await notifyUser({
        tx,
        userId: row.requesterId,
        kind: "accessRequest.declined",
        message: `Your request to join ${row.project.name} as ${roleLabel(row.role)} was declined`,
        link: null,
      });
    }
  });
  return toView(await db.accessRequest.findUniqueOrThrow({ where: { id: row.id }, include: INCLUDE }));
};

/** The requester's own pending request only: anyone else's answers 404, like an unknown id. */
export const withdrawAccessRequest = async ({ ctx, requestId }: { ctx: TRequestContext; requestId: string }) => {
  const row = await requestIn({ id: requestId, requesterId: ctx.principal.userId });
  await db.$transaction(async (tx) => {
    await leavePending(tx, row, { status: "WITHDRAWN" });
    await audit({ tx, ctx, row, action: "accessRequest.withdraw" });
  });
  return toView(await db.accessRequest.findUniqueOrThrow({ where: { id: row.id }, include: INCLUDE }));
};
