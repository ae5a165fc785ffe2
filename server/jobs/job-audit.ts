import "server-only";
import { recordAuditEvent, type TAuditInput } from "../audit/record";

type TJobAuditInput = Pick<TAuditInput, "ctx" | "action" | "details" | "tx"> & {
  access: { project: { id: string; name: string } };
  job: { id: string; type: string };
};

/** One audit event about a job (enqueue, cancel, retry): named after its type, with the type in the details. */
export const recordJobAuditEvent = ({ access, job, details, ...event }: TJobAuditInput) =>
  recordAuditEvent({
    ...event,
    project: access.project,
    resourceType: "job",
    resourceId: job.id,
    resourceName: `${job.type} job`,
    details: { type: job.type, ...details },
  });
