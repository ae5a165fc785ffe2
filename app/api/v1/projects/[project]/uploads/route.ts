import { OPERATIONS } from "@/lib/api/operations";
import { route } from "@/server/http/route";
import { stageUpload } from "@/server/ingest/uploads";

// The file's bytes are the request body (streamed to disk); its name comes in ?fileName=.
export const POST = route(OPERATIONS.uploadFile, async ({ ctx, access, request, query }) =>
  stageUpload({ ctx, access, fileName: query.fileName ?? "", format: query.format, body: request.body }),
);
