import "server-only";
import { db } from "../db/client";
import { scopesForRole } from "@/lib/scopes";
import type { TRequestContext } from "../principal";

/**
 * The request context and project access of a project's Owner acting without a request: the demo seed and the
 * benchmarks call the services as that Owner. `userAgent` says who acted, in the audit log.
 */
export const actAsOwner = async ({
  projectId,
  ownerId,
  userAgent,
}: {
  projectId: string;
  ownerId: string;
  userAgent: string;
}) => {
  const project = await db.project.findUniqueOrThrow({ where: { id: projectId } });
  const owner = await db.user.findUniqueOrThrow({ where: { id: ownerId } });
  const ctx: TRequestContext = {
    principal: { kind: "user", userId: owner.id, email: owner.email, name: owner.name, isAdmin: owner.isAdmin },
    clientIp: null,
    userAgent,
  };
  const access = {
    project: { id: project.id, name: project.name },
    role: "OWNER" as const,
    scopes: scopesForRole("OWNER"),
  };
  return { ctx, access };
};
