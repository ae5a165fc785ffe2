import "server-only";
import { z } from "zod";
import {
  ZAddMemberSchema,
  ZApiKeySchema,
  ZAuditPageSchema,
  ZCreateApiKeySchema,
  ZCreatedApiKeySchema,
  ZCreateProjectSchema,
  ZCreateUserSchema,
  ZDeleteProjectSchema,
  ZMemberSchema,
  ZMeSchema,
  ZProjectSchema,
  ZUpdateMemberSchema,
  ZUserSchema,
} from "@/lib/api/schemas";
import { ZAuditQuerySchema } from "../audit/query";
import {
  ZCreateJobScheduleSchema,
  ZJobListQuerySchema,
  ZJobLogPageSchema,
  ZJobLogQuerySchema,
  ZJobPageSchema,
  ZJobSchema,
  ZJobScheduleListSchema,
  ZJobScheduleSchema,
  ZUpdateJobScheduleSchema,
} from "@/lib/api/jobs";
import type { TScope } from "@/lib/scopes";

export type TApiOperation = {
  id: string;
  method: "get" | "post" | "put" | "patch" | "delete";
  path: string;
  summary: string;
  tag: string;
  scope?: TScope;
  public?: boolean;
  body?: z.ZodType;
  bodyContentType?: string;
  query?: z.ZodType;
  response?: z.ZodType;
  responseContentType?: string;
  successStatus?: number;
};

const P = "/api/v1/projects/{project}";

// Every /api/v1 operation, in the order the reference page lists them. Each area appends its own.
export const API_OPERATIONS: TApiOperation[] = [
  { id: "getMe", method: "get", path: "/api/v1/me", summary: "The signed-in user", tag: "Users", response: ZMeSchema },
  { id: "listUsers", method: "get", path: "/api/v1/users", summary: "List users (administrators)", tag: "Users", response: z.object({ users: z.array(ZUserSchema) }) },
  { id: "createUser", method: "post", path: "/api/v1/users", summary: "Create a user (administrators)", tag: "Users", body: ZCreateUserSchema, response: ZUserSchema },
  { id: "setup", method: "post", path: "/api/v1/setup", summary: "First-run setup: create the first administrator (only while no user exists)", tag: "Users", public: true, body: ZCreateUserSchema.omit({ isAdmin: true }), response: ZUserSchema },
  { id: "listProjects", method: "get", path: "/api/v1/projects", summary: "Projects you are a member of", tag: "Projects", response: z.object({ projects: z.array(ZProjectSchema) }) },
  { id: "createProject", method: "post", path: "/api/v1/projects", summary: "Create a project; you become its Owner", tag: "Projects", body: ZCreateProjectSchema, response: ZProjectSchema },
  { id: "getProject", method: "get", path: P, summary: "A project, with your role and scopes in it", tag: "Projects", scope: "project:read", response: ZProjectSchema },
  { id: "deleteProject", method: "delete", path: P, summary: "Delete a project and all its data (type its name to confirm)", tag: "Projects", scope: "project:delete", body: ZDeleteProjectSchema, successStatus: 204 },
  { id: "listMembers", method: "get", path: `${P}/members`, summary: "Members and their roles", tag: "Members", scope: "members:read", response: z.object({ members: z.array(ZMemberSchema) }) },
  { id: "addMember", method: "post", path: `${P}/members`, summary: "Add an existing user with a role", tag: "Members", scope: "members:write", body: ZAddMemberSchema, response: ZMemberSchema },
  { id: "updateMember", method: "patch", path: `${P}/members/{userId}`, summary: "Change a member's role (the last Owner cannot be demoted)", tag: "Members", scope: "members:write", body: ZUpdateMemberSchema, response: ZMemberSchema },
  { id: "removeMember", method: "delete", path: `${P}/members/{userId}`, summary: "Remove a member (not the last Owner)", tag: "Members", scope: "members:write", successStatus: 204 },
  { id: "listApiKeys", method: "get", path: `${P}/api-keys`, summary: "Your API keys for this project (Owners see all)", tag: "API keys", scope: "project:read", response: z.object({ apiKeys: z.array(ZApiKeySchema) }) },
  { id: "createApiKey", method: "post", path: `${P}/api-keys`, summary: "Create a personal API key with a subset of your scopes; the secret is returned once", tag: "API keys", scope: "project:read", body: ZCreateApiKeySchema, response: ZCreatedApiKeySchema },
  { id: "revokeApiKey", method: "delete", path: `${P}/api-keys/{keyId}`, summary: "Revoke an API key", tag: "API keys", scope: "project:read", response: ZApiKeySchema, successStatus: 200 },
  { id: "listAuditEvents", method: "get", path: `${P}/audit`, summary: "The project's audit log, newest first, filtered by actor, action, resource and time", tag: "Audit log", scope: "audit:read", query: ZAuditQuerySchema, response: ZAuditPageSchema },
  { id: "listJobs", method: "get", path: `${P}/jobs`, summary: "Jobs, newest first, filtered by status (comma-separated), type and feature group", tag: "Jobs", scope: "jobs:read", query: ZJobListQuerySchema, response: ZJobPageSchema },
  { id: "getJob", method: "get", path: `${P}/jobs/{jobId}`, summary: "A job: status, progress, attempts, result or error", tag: "Jobs", scope: "jobs:read", response: ZJobSchema },
  { id: "listJobLogs", method: "get", path: `${P}/jobs/{jobId}/logs`, summary: "A job's log lines after `after` (pass back `lastId` to tail)", tag: "Jobs", scope: "jobs:read", query: ZJobLogQuerySchema, response: ZJobLogPageSchema },
  { id: "cancelJob", method: "post", path: `${P}/jobs/{jobId}/cancel`, summary: "Cancel a job: a queued job at once, a running one at its next check (within a second)", tag: "Jobs", scope: "jobs:write", response: ZJobSchema, successStatus: 200 },
  { id: "retryJob", method: "post", path: `${P}/jobs/{jobId}/retry`, summary: "Re-queue a failed or cancelled job as a new attempt", tag: "Jobs", scope: "jobs:write", response: ZJobSchema, successStatus: 200 },
  { id: "listJobSchedules", method: "get", path: `${P}/job-schedules`, summary: "Job schedules (cron, UTC) with their next run", tag: "Jobs", scope: "jobs:read", response: ZJobScheduleListSchema },
  { id: "createJobSchedule", method: "post", path: `${P}/job-schedules`, summary: "Schedule a job type on a 5-field cron expression (UTC)", tag: "Jobs", scope: "jobs:write", body: ZCreateJobScheduleSchema, response: ZJobScheduleSchema },
  { id: "updateJobSchedule", method: "patch", path: `${P}/job-schedules/{scheduleId}`, summary: "Change a schedule's cron or payload, or enable/disable it", tag: "Jobs", scope: "jobs:write", body: ZUpdateJobScheduleSchema, response: ZJobScheduleSchema },
  { id: "deleteJobSchedule", method: "delete", path: `${P}/job-schedules/{scheduleId}`, summary: "Delete a schedule (jobs it created are kept)", tag: "Jobs", scope: "jobs:write", successStatus: 204 },
];
