import type { TUpload } from "@/lib/api/feature-groups";
import { ApiError, projectPath } from "./api";

// Uploads a data file as the raw request body with XMLHttpRequest, whose upload.onprogress gives a real
// progress bar (fetch cannot report upload progress).

export const ACCEPTED_UPLOAD_EXTENSIONS = [".csv", ".parquet", ".jsonl"] as const;

export const uploadFile = ({
  project,
  file,
  onProgress,
  signal,
}: {
  project: string;
  file: File;
  onProgress: (fraction: number) => void;
  signal?: AbortSignal;
}): Promise<TUpload> =>
  new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", projectPath(project, `/uploads?fileName=${encodeURIComponent(file.name)}`));
    request.setRequestHeader("content-type", "application/octet-stream");
    request.setRequestHeader("x-larder-csrf", "1");
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      const body = request.responseText ? safeJson(request.responseText) : undefined;
      if (request.status >= 200 && request.status < 300) {
        onProgress(1);
        resolve(body as TUpload);
        return;
      }
      reject(
        new ApiError(
          request.status,
          body?.title ?? (request.statusText || "Upload failed"),
          body?.detail,
          body?.errors ?? [],
        ),
      );
    };
    request.onerror = () =>
      reject(
        new ApiError(
          0,
          "Upload failed",
          "The connection to the server was lost during the upload; check your network and try again.",
        ),
      );
    request.onabort = () => reject(new ApiError(0, "Upload cancelled", "The upload was cancelled."));
    signal?.addEventListener("abort", () => request.abort());
    request.send(file);
  });

const safeJson = (
  text: string,
): { title?: string; detail?: string; errors?: { path: string; message: string }[] } | undefined => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};
