import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { serveConsoleVector } from "@/server/serving";

// The feature server's vector endpoint, same-origin for the console (session cookie or API key); docs/feature-server.md.
// The body is read by the feature server's own hot-path checks, so the operation declares it raw.
export const POST = route(OPERATIONS.getFeatureVector, async ({ request, ctx, access, params }) =>
  serveConsoleVector({ request, ctx, access, name: params.name, version: params.version }),
);
