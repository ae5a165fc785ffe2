import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { setProjectDiscoverable } from "@/server/sharing";

export const PUT = route(OPERATIONS.setProjectDiscoverable, async ({ ctx, access, body }) =>
  setProjectDiscoverable({ ctx, access, discoverable: body.discoverable }),
);
