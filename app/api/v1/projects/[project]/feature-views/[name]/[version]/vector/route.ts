import { withProjectApi } from "@/server/http/with-api";
import { serveConsoleVector } from "@/server/serving";

// The feature server's vector endpoint, same-origin for the console (session cookie or API key); docs/feature-server.md.
export const POST = withProjectApi(
  { scope: "featureData:read", rawBody: true },
  async ({ request, ctx, access, params }) =>
    serveConsoleVector({ request, ctx, access, name: params.name, version: params.version }),
);
