"use client";

import { useCallback, useRef, useState } from "react";
import type { TUpload } from "@/lib/api/feature-groups";
import { uploadFile } from "@/lib/client/upload";

export type TFileUploadState =
  | { status: "idle" }
  | { status: "uploading"; file: File; progress: number }
  | { status: "done"; file: File; upload: TUpload }
  | { status: "failed"; file: File; error: unknown };

/** Uploads one file at a time to the project's staging area, tracking its progress. */
export const useFileUpload = (project: string) => {
  const [state, setState] = useState<TFileUploadState>({ status: "idle" });
  const controller = useRef<AbortController | null>(null);
  const start = useCallback(
    async (file: File): Promise<TUpload | null> => {
      controller.current?.abort();
      const current = new AbortController();
      controller.current = current;
      setState({ status: "uploading", file, progress: 0 });
      try {
        const upload = await uploadFile({
          project,
          file,
          signal: current.signal,
          onProgress: (progress) =>
            setState((previous) =>
              previous.status === "uploading" && previous.file === file ? { ...previous, progress } : previous,
            ),
        });
        if (current.signal.aborted) return null;
        setState({ status: "done", file, upload });
        return upload;
      } catch (error) {
        if (!current.signal.aborted) setState({ status: "failed", file, error });
        return null;
      }
    },
    [project],
  );
  const reset = useCallback(() => {
    controller.current?.abort();
    setState({ status: "idle" });
  }, []);
  return { state, start, reset };
};
