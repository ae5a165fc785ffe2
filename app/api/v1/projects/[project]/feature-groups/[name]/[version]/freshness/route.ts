import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { getFreshness, setFreshnessSla } from "@/server/monitoring";

export const GET = route(OPERATIONS.getFreshness, async ({ access, params }) =>
  getFreshness({ access, name: params.name, version: params.version }),
);

export const PUT = route(OPERATIONS.setFreshnessSla, async ({ ctx, access, params, body }) =>
  setFreshnessSla({ ctx, access, name: params.name, version: params.version, slaSeconds: body.slaSeconds }),
);
