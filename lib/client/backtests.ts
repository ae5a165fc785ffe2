import type { TBacktest, TBacktestSummary, TCreateBacktest } from "@/lib/api/backtests";
import type { TJob } from "@/lib/api/jobs";
import { apiFetch, projectPath } from "./api";

// Typed calls to the backtests API (docs/backtesting.md) and their react-query keys.

export type TBacktestTarget = { kind: "featureGroup" | "featureView"; name: string; version: number };

export const backtestKeys = {
  list: (project: string, target: TBacktestTarget) => ["projects", project, "backtests", target] as const,
  one: (project: string, backtestId: string) => ["projects", project, "backtest", backtestId] as const,
};

export const fetchBacktests = (project: string, target: TBacktestTarget) =>
  apiFetch<{ backtests: TBacktestSummary[] }>(
    projectPath(project, `/backtests?${target.kind}=${encodeURIComponent(target.name)}&version=${target.version}`),
  );

export const fetchBacktest = (project: string, backtestId: string) =>
  apiFetch<TBacktest>(projectPath(project, `/backtests/${encodeURIComponent(backtestId)}`));

export const createBacktest = (project: string, input: TCreateBacktest) =>
  apiFetch<{ job: TJob }>(projectPath(project, "/backtests"), { method: "POST", json: input });
