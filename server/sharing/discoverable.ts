import "server-only";
import { withAuditEvent } from "../audit/record";
import type { TProjectAccess, TRequestContext } from "../principal";

// A project's Owner (scope project:discoverable) lets non-members find its feature groups' and views' metadata in
// search; what that shows is decided in server/search/access.ts and the floor's access-where.ts.

export const setProjectDiscoverable = async ({
  ctx,
  access,
  discoverable,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  discoverable: boolean;
}) => {
  await withAuditEvent(
    (tx) => tx.project.update({ where: { id: access.project.id }, data: { discoverable } }),
    () => ({
      ctx,
      project: access.project,
      action: "project.discoverable",
      resourceType: "project",
      resourceId: access.project.id,
      resourceName: access.project.name,
      details: { discoverable },
    }),
  );
  return { project: access.project.name, discoverable };
};
