import { withProjectApi } from "@/server/http/with-api";
import { deleteJobSchedule, updateJobSchedule } from "@/server/jobs";
import { ZUpdateJobScheduleSchema } from "@/lib/api/jobs";

export const PATCH = withProjectApi(
  { scope: "jobs:write", body: ZUpdateJobScheduleSchema },
  async ({ ctx, access, params, body }) =>
    updateJobSchedule({ ctx, access, scheduleId: params.scheduleId, input: body }),
);

export const DELETE = withProjectApi({ scope: "jobs:write" }, async ({ ctx, access, params }) => {
  await deleteJobSchedule({ ctx, access, scheduleId: params.scheduleId });
  return { status: 204, body: null };
});
