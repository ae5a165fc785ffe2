import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { encode } from "next-auth/jwt";
import { db } from "@/server/db/client";
import { newId } from "@/server/ids";
import type { TRole } from "@/lib/scopes";
import { scopesForRole } from "@/lib/scopes";
import type { TProjectAccess, TRequestContext } from "@/server/principal";

// A cheap fixed bcrypt hash (of "password123", cost 4) so tests need not pay for real hashing.
export const TEST_PASSWORD = "password123";
const TEST_PASSWORD_HASH = "$2b$04$DqNBAjRMrVq1fiV7k7iNWu/BZmGArjtZ/yO52I6Dlt1Osp0EBluuq";

export const uniqueName = (prefix: string): string => `${prefix}_${randomBytes(4).toString("hex")}`;

export const createTestUser = async ({ isAdmin = false, name }: { isAdmin?: boolean; name?: string } = {}) => {
  const label = name ?? uniqueName("user");
  return db.user.create({
    data: { id: newId("usr"), email: `${label}@example.test`, name: label, isAdmin, passwordHash: TEST_PASSWORD_HASH },
  });
};

export const createTestProject = async ({ members }: { members: { userId: string; role: TRole }[] }) => {
  const project = await db.project.create({ data: { id: newId("prj"), name: uniqueName("proj") } });
  for (const member of members)
    await db.membership.create({ data: { projectId: project.id, userId: member.userId, role: member.role } });
  return project;
};

/** A session cookie as a sign-in issues it: the user's id and current session version (server/auth/sessions.ts). */
export const sessionCookie = async (userId: string): Promise<string> => {
  const user = await db.user.findUnique({ where: { id: userId }, select: { sessionVersion: true } });
  const token = await encode({
    token: { uid: userId, sub: userId, sv: user?.sessionVersion ?? 0 },
    secret: process.env.NEXTAUTH_SECRET!,
  });
  return `next-auth.session-token=${token}`;
};

export type TCallOptions = {
  method?: string;
  body?: unknown;
  rawBody?: string;
  userId?: string;
  apiKey?: string;
  csrf?: boolean;
  headers?: Record<string, string>;
  query?: Record<string, string>;
};

export type TRouteHandler = (
  request: Request,
  context: { params: Promise<Record<string, string>> },
) => Promise<Response>;

/** Calls a route handler the way Next.js does, authenticated by session cookie or API key. */
export const callRoute = async (handler: TRouteHandler, params: Record<string, string>, options: TCallOptions = {}) => {
  const headers: Record<string, string> = {
    // What the web process's preload stamps from the socket (server/client-ip.ts).
    "x-larder-peer-address": "10.0.0.1",
    "user-agent": "vitest",
    ...(options.headers ?? {}),
  };
  if (options.userId) headers.cookie = await sessionCookie(options.userId);
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  if (options.userId && options.csrf !== false) headers["x-larder-csrf"] = "1";
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers["content-type"] = "application/json";
  const url = new URL("http://localhost:3000/api/v1/test");
  for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, value);
  const response = await handler(new Request(url, { method: options.method ?? "GET", headers, body }), {
    params: Promise.resolve(params),
  });
  const text = await response.text();
  const contentType = response.headers.get("content-type");
  return {
    status: response.status,
    contentType,
    // Downloads (Parquet, CSV) are not JSON: `text` holds a CSV; callers that need bytes build their own request.
    json: text && /json/.test(contentType ?? "") ? JSON.parse(text) : null,
    text,
    headers: response.headers,
  };
};

export const userContext = (user: { id: string; email: string; name: string; isAdmin?: boolean }): TRequestContext => ({
  principal: { kind: "user", userId: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin ?? false },
  clientIp: "10.0.0.1",
  userAgent: "vitest",
});

export const accessFor = (project: { id: string; name: string }, role: TRole): TProjectAccess => ({
  project: { id: project.id, name: project.name },
  role,
  scopes: scopesForRole(role),
});

/** What a job that did not end was doing: its log, and its pg-boss entries (state, retries, when it may start). */
const describeStuckJob = async (jobId: string) => {
  const logs = await db.jobLog.findMany({ where: { jobId }, orderBy: { at: "asc" } });
  const entries = await db.$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT name, state, retry_count, start_after, started_on, created_on, completed_on FROM pgboss.job
      WHERE singleton_key = $1 ORDER BY created_on`,
    jobId,
  );
  return [
    ...logs.map((log) => `log ${log.at.toISOString()} ${log.level}: ${log.message}`),
    ...entries.map((entry) => `pg-boss ${JSON.stringify(entry)}`),
    `now ${new Date().toISOString()}`,
  ].join("\n");
};

/** Polls a job until it ends (SUCCEEDED, FAILED or CANCELLED) and returns it; throws after `timeoutMs`. */
export const waitForJobEnd = async (jobId: string, timeoutMs = 45_000) => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await db.job.findUniqueOrThrow({ where: { id: jobId } });
    if (["SUCCEEDED", "FAILED", "CANCELLED"].includes(job.status)) return job;
    if (Date.now() > deadline)
      throw new Error(`job ${jobId} still ${job.status} after ${timeoutMs} ms\n${await describeStuckJob(jobId)}`);
    await sleep(100);
  }
};
