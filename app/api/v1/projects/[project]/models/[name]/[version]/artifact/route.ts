import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { downloadModelArtifact, putModelArtifact } from "@/server/models";

// The file's bytes are the request body (streamed to disk); its name comes in ?fileName=.
export const PUT = route(OPERATIONS.putModelArtifact, async ({ ctx, access, params, query, request }) =>
  putModelArtifact({
    ctx,
    access,
    name: params.name,
    version: params.version,
    fileName: query.fileName,
    body: request.body,
  }),
);

export const GET = route(OPERATIONS.downloadModelArtifact, async ({ access, params }) =>
  downloadModelArtifact({ access, name: params.name, version: params.version }),
);
