import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { createWebhook, findWebhooks } from "@/server/monitoring";

export const GET = route(OPERATIONS.listWebhooks, async ({ access }) => findWebhooks({ access }));

export const POST = route(OPERATIONS.createWebhook, async ({ ctx, access, body }) =>
  createWebhook({ ctx, access, url: body.url }),
);
