import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { createJobSchedule, findJobSchedules } from "@/server/jobs";

export const GET = route(OPERATIONS.listJobSchedules, async ({ access }) => findJobSchedules({ access }));

export const POST = route(OPERATIONS.createJobSchedule, async ({ ctx, access, body }) =>
  createJobSchedule({ ctx, access, input: body }),
);
