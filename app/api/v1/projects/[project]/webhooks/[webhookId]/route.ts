import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { deleteWebhook } from "@/server/monitoring";

export const DELETE = route(OPERATIONS.deleteWebhook, async ({ ctx, access, params }) => {
  await deleteWebhook({ ctx, access, webhookId: params.webhookId });
});
