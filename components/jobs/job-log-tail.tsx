"use client";

import { useEffect, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import type { TJobLog, TJobStatus } from "@/lib/api/jobs";
import { ApiError } from "@/lib/client/api";
import { cn } from "@/lib/client/cn";
import { fetchJobLogs } from "@/lib/client/feature-store";
import { LIVE_REFRESH_MS } from "./use-live-jobs";

const LEVEL_CLASSES: Record<TJobLog["level"], string> = {
  debug: "text-slate-400",
  info: "text-sky-300",
  warn: "text-amber-300",
  error: "text-red-300",
};
const timeFormat = new Intl.DateTimeFormat("en-GB", { timeStyle: "medium" });

/** The job's log, tailed incrementally (?after=the last id) every second until the job has finished. */
export const JobLogTail = ({ project, jobId, status }: { project: string; jobId: string; status: TJobStatus }) => {
  const [lines, setLines] = useState<TJobLog[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [isLoaded, setIsLoaded] = useState(false);
  const lastId = useRef<number | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const isActive = status === "QUEUED" || status === "RUNNING";
  useEffect(() => {
    let isStopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const page = await fetchJobLogs({ project, jobId, after: lastId.current });
        if (isStopped) return;
        if (page.logs.length) setLines((previous) => [...previous, ...page.logs]);
        lastId.current = page.lastId ?? lastId.current;
        setProblem(null);
        setIsLoaded(true);
        // Keep tailing while the job runs; one more read after it finished catches its last lines.
        if (page.status === "QUEUED" || page.status === "RUNNING" || page.logs.length > 0)
          timer = setTimeout(poll, LIVE_REFRESH_MS);
      } catch (error) {
        if (isStopped) return;
        setProblem(error instanceof ApiError ? (error.detail ?? error.title) : "The log could not be read.");
        timer = setTimeout(poll, LIVE_REFRESH_MS * 5);
      }
    };
    poll();
    return () => {
      isStopped = true;
      clearTimeout(timer);
    };
    // A status change (e.g. a retry) restarts the tail from where it is.
  }, [project, jobId, isActive]);
  useEffect(() => {
    const element = scroller.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [lines.length]);
  return (
    <div className="grid gap-2">
      {problem && <Alert tone="warning">{problem}</Alert>}
      <div
        ref={scroller}
        role="log"
        aria-label="Job log"
        aria-live="polite"
        tabIndex={0}
        className="h-80 overflow-auto rounded-md bg-slate-900 p-3 font-mono text-xs leading-relaxed text-slate-100"
      >
        {lines.map((line) => (
          <div key={line.id} className="flex gap-3">
            <time dateTime={line.at} className="shrink-0 text-slate-400">
              {timeFormat.format(new Date(line.at))}
            </time>
            <span className={cn("w-10 shrink-0 uppercase", LEVEL_CLASSES[line.level])}>{line.level}</span>
            <span className="min-w-0 whitespace-pre-wrap break-words">{line.message}</span>
          </div>
        ))}
        {isLoaded && lines.length === 0 && (
          <p className="text-slate-400">
            {isActive ? "Waiting for the job to write its first line…" : "This job wrote no log lines."}
          </p>
        )}
        {!isLoaded && !problem && <p className="text-slate-400">Loading the log…</p>}
        {isActive && lines.length > 0 && <p className="mt-1 animate-pulse text-slate-500">▍</p>}
      </div>
    </div>
  );
};
