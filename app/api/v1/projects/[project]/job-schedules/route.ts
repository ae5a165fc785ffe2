import { withProjectApi } from "@/server/http/with-api";
import { createJobSchedule, findJobSchedules } from "@/server/jobs";
import { ZCreateJobScheduleSchema } from "@/lib/api/jobs";

export const GET = withProjectApi({ scope: "jobs:read" }, async ({ access }) => findJobSchedules({ access }));

export const POST = withProjectApi(
  { scope: "jobs:write", body: ZCreateJobScheduleSchema },
  async ({ ctx, access, body }) => ({
    status: 201,
    body: await createJobSchedule({ ctx, access, input: body }),
  }),
);
