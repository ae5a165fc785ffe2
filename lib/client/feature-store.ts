import type { z } from "zod";
import type { TCommit, TCreateFeatureGroup, TFeatureGroup, ZAppendFeaturesSchema } from "@/lib/api/feature-groups";
import type {
  TCreateJobSchedule,
  TJob,
  TJobLogPage,
  TJobPage,
  TJobSchedule,
  TJobStatus,
  TUpdateJobSchedule,
} from "@/lib/api/jobs";
import { apiFetch, projectPath, type TVersionRef } from "./api";

// Typed calls to the feature-group and job APIs, and the react-query keys they are cached under. Keys sit
// below ["projects", project] so that invalidating a project refreshes them too.

type TFeatureGroupSort = "name" | "updated" | "rows";
export type TFeatureGroupFilters = { q?: string; onlineEnabled?: "true" | "false"; sort?: TFeatureGroupSort };
export type TJobFilters = { status?: TJobStatus; type?: string; featureGroupId?: string };
export type TPreview = {
  version: number;
  columns: { name: string; type: string }[];
  rows: Record<string, unknown>[];
  rowCount: number;
};
/** The Data tab's key filter and sort (server-side: the preview shows only its first rows). */
export type TPreviewShape = { key?: string; keyColumn?: string; sort?: string; order?: "asc" | "desc" };
export type TAppendFeature = z.input<typeof ZAppendFeaturesSchema>["features"][number];

export const featureStoreKeys = {
  featureGroups: (project: string) => ["projects", project, "feature-groups"] as const,
  featureGroupList: (project: string, filters: TFeatureGroupFilters) =>
    ["projects", project, "feature-groups", "list", filters] as const,
  featureGroup: (project: string, name: string, version: number) =>
    ["projects", project, "feature-groups", name, version] as const,
  commits: (project: string, name: string, version: number) =>
    ["projects", project, "feature-groups", name, version, "commits"] as const,
  preview: (project: string, name: string, version: number, asOf: number | null, shape: TPreviewShape = {}) =>
    ["projects", project, "feature-groups", name, version, "preview", asOf, shape] as const,
  jobs: (project: string) => ["projects", project, "jobs"] as const,
  jobList: (project: string, filters: TJobFilters) => ["projects", project, "jobs", "list", filters] as const,
  job: (project: string, jobId: string) => ["projects", project, "jobs", jobId] as const,
  schedules: (project: string) => ["projects", project, "job-schedules"] as const,
};

const groupPath = (project: string, name: string, version: number, rest = "") =>
  projectPath(project, `/feature-groups/${encodeURIComponent(name)}/${version}${rest}`);

const searchOf = (values: Record<string, string | number | undefined | null>): string => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values))
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  const search = params.toString();
  return search ? `?${search}` : "";
};

export const fetchFeatureGroups = ({ project, filters = {} }: { project: string; filters?: TFeatureGroupFilters }) =>
  apiFetch<{ featureGroups: TFeatureGroup[] }>(projectPath(project, `/feature-groups${searchOf(filters)}`));
export const createFeatureGroup = ({ project, body }: { project: string; body: TCreateFeatureGroup }) =>
  apiFetch<TFeatureGroup>(projectPath(project, "/feature-groups"), { method: "POST", json: body });
export const fetchFeatureGroup = ({ project, name, version }: TVersionRef) =>
  apiFetch<TFeatureGroup>(groupPath(project, name, version));
export const updateFeatureGroup = ({
  project,
  name,
  version,
  body,
}: TVersionRef & { body: { description?: string; features?: { name: string; description: string }[] } }) =>
  apiFetch<TFeatureGroup>(groupPath(project, name, version), { method: "PATCH", json: body });
export const deleteFeatureGroup = ({ project, name, version, force = false }: TVersionRef & { force?: boolean }) =>
  apiFetch<void>(groupPath(project, name, version, force ? "?force=true" : ""), { method: "DELETE" });
export const appendFeatures = ({ project, name, version, features }: TVersionRef & { features: TAppendFeature[] }) =>
  apiFetch<TFeatureGroup>(groupPath(project, name, version, "/features"), { method: "POST", json: { features } });
export const fetchCommits = ({ project, name, version }: TVersionRef) =>
  apiFetch<{ commits: TCommit[] }>(groupPath(project, name, version, "/commits"));
export const fetchPreview = ({
  project,
  name,
  version,
  asOfVersion,
  limit = 100,
  shape = {},
}: TVersionRef & { asOfVersion: number | null; limit?: number; shape?: TPreviewShape }) =>
  apiFetch<TPreview>(groupPath(project, name, version, `/preview${searchOf({ asOfVersion, limit, ...shape })}`));
/** An incremental materialization: the keys changed by commits since the last one online (the repair of a lag). */
export const materializeIncrementally = ({ project, name, version }: TVersionRef) =>
  apiFetch<{ job: TJob }>(groupPath(project, name, version, "/materialize"), {
    method: "POST",
    json: { incremental: true },
  });
export const insertUpload = ({ project, name, version, uploadId }: TVersionRef & { uploadId: string }) =>
  apiFetch<{ job: TJob }>(groupPath(project, name, version, "/insert"), { method: "POST", json: { uploadId } });
export const deleteRows = ({
  project,
  name,
  version,
  keys,
}: TVersionRef & { keys: Record<string, string | number | boolean>[] }) =>
  apiFetch<{ job: TJob }>(groupPath(project, name, version, "/delete-rows"), { method: "POST", json: { keys } });

const JOB_PAGE_SIZE = 50;
export const fetchJobs = ({ project, filters, cursor }: { project: string; filters: TJobFilters; cursor?: string }) =>
  apiFetch<TJobPage>(projectPath(project, `/jobs${searchOf({ ...filters, cursor, limit: JOB_PAGE_SIZE })}`));
export const fetchJob = ({ project, jobId }: { project: string; jobId: string }) =>
  apiFetch<TJob>(projectPath(project, `/jobs/${encodeURIComponent(jobId)}`));
export const fetchJobLogs = ({ project, jobId, after }: { project: string; jobId: string; after: number | null }) =>
  apiFetch<TJobLogPage>(projectPath(project, `/jobs/${encodeURIComponent(jobId)}/logs${searchOf({ after })}`));
export const cancelJob = ({ project, jobId }: { project: string; jobId: string }) =>
  apiFetch<TJob>(projectPath(project, `/jobs/${encodeURIComponent(jobId)}/cancel`), { method: "POST" });
export const retryJob = ({ project, jobId }: { project: string; jobId: string }) =>
  apiFetch<TJob>(projectPath(project, `/jobs/${encodeURIComponent(jobId)}/retry`), { method: "POST" });

export const fetchSchedules = (project: string) =>
  apiFetch<{ schedules: TJobSchedule[] }>(projectPath(project, "/job-schedules"));
export const createSchedule = ({ project, body }: { project: string; body: TCreateJobSchedule }) =>
  apiFetch<TJobSchedule>(projectPath(project, "/job-schedules"), { method: "POST", json: body });
export const updateSchedule = ({
  project,
  scheduleId,
  body,
}: {
  project: string;
  scheduleId: string;
  body: TUpdateJobSchedule;
}) =>
  apiFetch<TJobSchedule>(projectPath(project, `/job-schedules/${encodeURIComponent(scheduleId)}`), {
    method: "PATCH",
    json: body,
  });
export const deleteSchedule = ({ project, scheduleId }: { project: string; scheduleId: string }) =>
  apiFetch<void>(projectPath(project, `/job-schedules/${encodeURIComponent(scheduleId)}`), { method: "DELETE" });

export const featureGroupHref = (project: string, name: string, version: number, query = "") =>
  `/projects/${encodeURIComponent(project)}/feature-groups/${encodeURIComponent(name)}/${version}${query}`;
export const jobHref = (project: string, jobId: string) =>
  `/projects/${encodeURIComponent(project)}/jobs/${encodeURIComponent(jobId)}`;
