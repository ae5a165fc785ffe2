import { db } from "../db/client";
import { newId } from "../ids";
import { hashPassword } from "../auth/passwords";
import { recordAuditEvent } from "../audit/record";

/** LARDER_ADMIN_EMAIL/LARDER_ADMIN_PASSWORD create the first administrator when no such user exists. */
export const ensureConfiguredAdmin = async ({
  email,
  password,
}: {
  email?: string;
  password?: string;
}): Promise<boolean> => {
  if (!email || !password) return false;
  const normalized = email.trim().toLowerCase();
  if (await db.user.findUnique({ where: { email: normalized } })) return false;
  const user = await db.user.create({
    data: {
      id: newId("usr"),
      email: normalized,
      name: normalized.split("@")[0],
      isAdmin: true,
      passwordHash: await hashPassword(password),
    },
  });
  await recordAuditEvent({
    ctx: null,
    action: "user.create",
    resourceType: "user",
    resourceId: user.id,
    resourceName: normalized,
    details: { email: normalized, isAdmin: true, source: "configuration" },
  });
  return true;
};
