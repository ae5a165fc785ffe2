import "server-only";
import type { TNotificationList } from "@/lib/api/discovery";
import { db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { newId } from "../ids";
import type { TRequestContext } from "../principal";

// A user's own notifications (the console's bell): the decision on their access request, written in the decision's
// transaction. A project's alerts are for its members; a requester is not one yet, so this is per user.

const LISTED = 50;

export const notifyUser = ({
  tx,
  userId,
  kind,
  message,
  link,
}: {
  tx: Prisma.TransactionClient;
  userId: string;
  kind: string;
  message: string;
  link: string | null;
}) => tx.userNotification.create({ data: { id: newId("ntf"), userId, kind, message, link } });

export const listNotifications = async ({ ctx }: { ctx: TRequestContext }): Promise<TNotificationList> => {
  const userId = ctx.principal.userId;
  const [rows, unread] = await Promise.all([
    db.userNotification.findMany({ where: { userId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: LISTED }),
    db.userNotification.count({ where: { userId, readAt: null } }),
  ]);
  return {
    notifications: rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      message: row.message,
      link: row.link,
      createdAt: row.createdAt.toISOString(),
      read: row.readAt !== null,
    })),
    unread,
  };
};

export const markNotificationsRead = async ({ ctx }: { ctx: TRequestContext }) => {
  await db.userNotification.updateMany({
    where: { userId: ctx.principal.userId, readAt: null },
    data: { readAt: new Date() },
  });
  return listNotifications({ ctx });
};
