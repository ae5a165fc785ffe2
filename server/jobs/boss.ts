import "server-only";
import { PgBoss, type ConstructorOptions, type SendOptions } from "pg-boss";
import { getDatabaseUrl, getEnv } from "../env";
import type { TJobContract } from "./define";

// pg-boss lives in its own schema of the registry database, so a job row and its queue entry can be
// written in one transaction and no other server is needed.
export const BOSS_SCHEMA = "pgboss";

// One pg-boss queue per job type: a worker serves only the types it knows (rolling deploys), and a flood of
// one type cannot starve another.
export const queueNameFor = (type: string): string => `larder.${type}`;

// Schedules fire into this queue; its handler turns a firing into a Job row of the schedule's type.
export const SCHEDULE_QUEUE = "larder.schedule-fire";

// Connections the web process's producer may hold: it only sends, cancels and edits schedules.
const PRODUCER_POOL_SIZE = 3;

const bossOptions = (overrides: Partial<ConstructorOptions> = {}): ConstructorOptions => ({
  connectionString: getDatabaseUrl(),
  schema: BOSS_SCHEMA,
  application_name: "larder",
  ...overrides,
});

const reportBossError = (error: Error) => console.error("[larder] pg-boss:", error);

export const createBoss = (overrides: Partial<ConstructorOptions> = {}): PgBoss => {
  const boss = new PgBoss(bossOptions(overrides));
  // An 'error' event without a listener would crash the process; these are transient database errors.
  boss.on("error", reportBossError);
  return boss;
};

const globalForBoss = globalThis as unknown as { larderBoss?: Promise<PgBoss> };

/**
 * The process's producer: sends and cancels jobs and edits schedules, but neither supervises nor fires
 * cron (workers do). Kept on globalThis so Next.js dev reloads reuse it.
 */
export const getBoss = (): Promise<PgBoss> => {
  if (!globalForBoss.larderBoss) {
    const boss = createBoss({
      max: PRODUCER_POOL_SIZE,
      supervise: false,
      schedule: false,
      application_name: "larder-web",
    });
    globalForBoss.larderBoss = boss.start().catch((error: unknown) => {
      globalForBoss.larderBoss = undefined;
      throw error;
    });
  }
  return globalForBoss.larderBoss;
};

export const stopBoss = async () => {
  const pending = globalForBoss.larderBoss;
  globalForBoss.larderBoss = undefined;
  if (pending) await (await pending).stop({ graceful: false });
};

const ensuredQueues = new WeakMap<PgBoss, Set<string>>();

/** createQueue is idempotent but a round trip; remember per instance which queues exist. */
export const ensureQueue = async (boss: PgBoss, name: string): Promise<void> => {
  const known = ensuredQueues.get(boss) ?? new Set<string>();
  ensuredQueues.set(boss, known);
  if (known.has(name)) return;
  // 'exclusive' with the Larder job id as singletonKey: at most one queued-or-active pg-boss job per
  // Larder job, so a duplicate send is a no-op. notify wakes workers at once instead of at their next poll.
  await boss.createQueue(name, { policy: "exclusive", notify: true });
  known.add(name);
};

/** Send options for one Larder job; `attemptsLeft` includes the first delivery. */
export const sendOptionsFor = ({
  contract,
  jobId,
  attemptsLeft,
}: {
  contract: TJobContract;
  jobId: string;
  attemptsLeft: number;
}): SendOptions => {
  const env = getEnv();
  return {
    singletonKey: jobId,
    retryLimit: Math.max(0, attemptsLeft - 1),
    retryDelay: env.LARDER_JOB_RETRY_DELAY_SECONDS ?? contract.retryDelaySeconds,
    retryBackoff: true,
    retryDelayMax: contract.retryDelayMaxSeconds,
    heartbeatSeconds: env.LARDER_JOB_HEARTBEAT_SECONDS ?? contract.heartbeatSeconds,
    expireInSeconds: contract.timeoutSeconds,
  };
};

export type TBossJobData = { jobId: string };
