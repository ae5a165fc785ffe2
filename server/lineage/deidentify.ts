import "server-only";
import type { z } from "zod";
import type { ZDeidentifyEdgeSchema } from "@/lib/api/lineage";
import { withAuditEvent } from "../audit/record";
import { db } from "../db/client";
import { NotFoundError } from "../errors";
import type { TProjectAccess, TRequestContext } from "../principal";

/**
 * Marks an edge de-identifying (hashed, aggregated …), which stops PII propagating across it, or clears the mark.
 * The reason is kept on the edge and in the audit log.
 */
export const setEdgeDeidentifying = async ({
  ctx,
  access,
  edgeId,
  body,
}: {
  ctx: TRequestContext;
  access: TProjectAccess;
  edgeId: string;
  body: z.output<typeof ZDeidentifyEdgeSchema>;
}) => {
  const id = /^[0-9]{1,18}$/.test(edgeId) ? BigInt(edgeId) : null;
  const edge = id === null ? null : await db.lineageEdge.findFirst({ where: { id, projectId: access.project.id } });
  if (!edge) throw new NotFoundError(`Lineage edge '${edgeId}' not found`);
  const updated = await withAuditEvent(
    (tx) =>
      tx.lineageEdge.update({
        where: { id: edge.id },
        data: body.deidentifying
          ? {
              deidentifying: true,
              deidentifyingReason: body.reason,
              deidentifiedById: ctx.principal.userId,
              deidentifiedAt: new Date(),
            }
          : { deidentifying: false, deidentifyingReason: null, deidentifiedById: null, deidentifiedAt: null },
      }),
    () => ({
      ctx,
      project: access.project,
      action: body.deidentifying ? "lineage.edge.deidentify" : "lineage.edge.reidentify",
      resourceType: "lineageEdge",
      resourceId: String(edge.id),
      resourceName: `${edge.fromKind}:${edge.fromId}${edge.fromColumn ? `.${edge.fromColumn}` : ""} → ${edge.toKind}:${edge.toId}${edge.toColumn ? `.${edge.toColumn}` : ""}`,
      details: { reason: body.reason },
    }),
  );
  return { id: String(updated.id), deidentifying: updated.deidentifying, reason: updated.deidentifyingReason };
};
