import "server-only";
import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";
import { DEFAULT_SERVING_PORT } from "@/lib/ports";

// The one place process.env is read. Everything is optional so that `npm start` works on a fresh machine.
const ZEnvSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  REDIS_URL: z.string().optional(),
  LARDER_HOME: z.string().default(".larder"),
  LARDER_DATA_DIR: z.string().optional(),
  NEXTAUTH_SECRET: z.string().optional(),
  NEXTAUTH_URL: z.string().optional(),
  LARDER_ADMIN_EMAIL: z.string().email().optional(),
  LARDER_ADMIN_PASSWORD: z.string().min(8).optional(),
  LARDER_DEMO: z.enum(["0", "1"]).default("1"),
  LARDER_MAX_JSON_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  LARDER_MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(2 * 1024 * 1024 * 1024),
  // A model's artifact file (server/models): larger uploads are refused with 413 and nothing is kept.
  LARDER_MAX_ARTIFACT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(512 * 1024 * 1024),
  // Data sources (server/sources): the key that encrypts connection passwords (32 bytes, base64; default: generated
  // into LARDER_HOME), the directories whose files may be sources (comma-separated; none by default), and how long a
  // PostgreSQL source may take to connect.
  LARDER_SOURCE_KEY: z
    .string()
    .refine((text) => Buffer.from(text, "base64").length === 32, "must be 32 bytes, base64-encoded")
    .optional(),
  LARDER_SOURCE_DIRS: z.string().default(""),
  // Erasure (docs/erasure.md): the pepper of the digests that name erased keys (any secret text; default: generated
  // into LARDER_HOME). Every process of a deployment must use the same one, or re-ingests are no longer filtered.
  LARDER_ERASURE_KEY: z.string().min(16).optional(),
  LARDER_SOURCE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
  // Rows a PostgreSQL source ingest FETCHes (and holds) at a time: 50,000 rows of a ten-column table are ~10 MB of
  // JSON lines; the round trips cost nothing next to the rows (docs/data-sources.md "Memory").
  LARDER_SOURCE_FETCH_ROWS: z.coerce.number().int().min(1).max(1_000_000).default(50_000),
  LARDER_OIDC_ISSUER: z.string().url().optional(),
  LARDER_OIDC_CLIENT_ID: z.string().optional(),
  LARDER_OIDC_CLIENT_SECRET: z.string().optional(),
  LARDER_OIDC_NAME: z.string().default("Single sign-on"),
  // Opt-in: admit single sign-on accounts whose provider says `email_verified: false` (or says nothing).
  LARDER_OIDC_ALLOW_UNVERIFIED_EMAIL: z.enum(["0", "1"]).default("0"),
  LARDER_LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  LARDER_LOGIN_LOCK_SECONDS: z.coerce.number().int().positive().default(300),
  // Proxies whose X-Forwarded-For is believed (server/client-ip.ts): IPs or CIDRs, comma-separated; none by default.
  LARDER_TRUSTED_PROXIES: z
    .string()
    .default("")
    .refine(
      (text) =>
        text
          .split(",")
          .map((entry) => entry.trim())
          .filter(Boolean)
          .every((entry) => {
            const [address, prefix, extra] = entry.split("/");
            const version = isIP(address);
            const bits = version === 6 ? 128 : 32;
            return (
              version > 0 &&
              extra === undefined &&
              (prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= bits))
            );
          }),
      "must be IP addresses or CIDR ranges, comma-separated",
    ),
  // Feature server (server/serving): Feast's default port; entities per batch request (413 beyond).
  LARDER_SERVING_PORT: z.coerce.number().int().min(0).max(65535).default(DEFAULT_SERVING_PORT),
  LARDER_SERVING_MAX_BATCH: z.coerce.number().int().positive().default(1000),
  // Serving observability (docs/serving-observability.md): how often each feature server writes its per-minute
  // counters and sampled vectors to PostgreSQL, and how long the per-minute metrics are kept.
  LARDER_SERVING_FLUSH_SECONDS: z.coerce.number().min(0.1).max(60).default(10),
  LARDER_SERVING_METRICS_RETENTION_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 366)
    .default(24 * 7),
  // Hosts webhooks may be pointed at (docs/monitoring.md): comma-separated `host` (any port) or `host:port`.
  // Empty (the default): no webhook can be created, so none can reach an internal service.
  LARDER_WEBHOOK_ALLOWED_HOSTS: z.string().default(""),
  NODE_ENV: z.string().default("development"),
  // Tests set this (test/global-setup.ts): every route response is checked against its operation's declaration.
  LARDER_CHECK_RESPONSES: z.enum(["0", "1"]).default("0"),
  // Override every job type's claim heartbeat (a claim unrefreshed this long is a dead worker's, and the job is
  // retried on another; pg-boss's minimum is 10) and first retry delay. Unset, each type's own apply (20 s and
  // 5–10 s). The tests set 10 and 1 (test/global-setup.ts) so that a crash test's retry starts within seconds.
  LARDER_JOB_HEARTBEAT_SECONDS: z.coerce.number().int().min(10).max(3600).optional(),
  LARDER_JOB_RETRY_DELAY_SECONDS: z.coerce.number().int().min(0).max(3600).optional(),
  // Crash tests set this in a child worker only: it SIGKILLs itself at that point of a write (fault injection):
  // before the Delta commit (data files written, no commit) or after it (commit written, registry not told yet).
  LARDER_FAULT: z
    .enum([
      "kill-before-delta-commit",
      "kill-after-delta-commit",
      "kill-after-erasure-delete",
      "kill-after-erasure-plan",
      "kill-before-erasure-dataset-recorded",
      "kill-before-erasure-servedVectors-recorded",
      "kill-before-erasure-uploads-recorded",
    ])
    .optional(),
});

export type TEnv = z.infer<typeof ZEnvSchema>;

let cached: TEnv | undefined;

export const getEnv = (): TEnv => {
  if (!cached) cached = ZEnvSchema.parse(process.env);
  return cached;
};

/** Tests only (test/worker-env.ts): the next getEnv() reads process.env again. */
export const forgetEnv = () => {
  cached = undefined;
};

export const getDataDir = (): string => {
  const env = getEnv();
  return path.resolve(env.LARDER_DATA_DIR ?? path.join(env.LARDER_HOME, "data"));
};

export const getDatabaseUrl = (): string => {
  const url = getEnv().DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set (npm start sets it to the embedded PostgreSQL)");
  return url;
};
