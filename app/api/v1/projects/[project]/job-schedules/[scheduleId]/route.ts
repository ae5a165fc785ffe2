import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { deleteJobSchedule, updateJobSchedule } from "@/server/jobs";

export const PATCH = route(OPERATIONS.updateJobSchedule, async ({ ctx, access, params, body }) =>
  updateJobSchedule({ ctx, access, scheduleId: params.scheduleId, input: body }),
);

export const DELETE = route(OPERATIONS.deleteJobSchedule, async ({ ctx, access, params }) => {
  await deleteJobSchedule({ ctx, access, scheduleId: params.scheduleId });
});
