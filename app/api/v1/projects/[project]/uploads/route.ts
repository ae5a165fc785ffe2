import { withProjectApi } from "@/server/http/with-api";
import { stageUpload } from "@/server/ingest/uploads";

// The file's bytes are the request body (streamed to disk); its name comes in ?fileName=.
export const POST = withProjectApi({ scope: "featureData:write", rawBody: true }, async ({ ctx, access, request }) => {
  const url = new URL(request.url);
  return {
    status: 201,
    body: await stageUpload({
      ctx,
      access,
      fileName: url.searchParams.get("fileName") ?? "",
      format: url.searchParams.get("format") ?? undefined,
      body: request.body,
    }),
  };
});
