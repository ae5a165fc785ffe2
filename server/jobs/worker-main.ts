import "server-only";
import { parseArgs } from "node:util";
import { db } from "../db/client";
import { enqueueOnlineRebuilds } from "../online";
import { stopBoss } from "./boss";
import { startWorker, WORKER_DEFAULTS } from "./worker";
import { WORKER_RUNNERS } from "./worker-runners";
import { sweepAllProjects } from "../maintenance/run-sweep";
import { scheduleDailyUsage } from "../usage";

// `npm run start:worker [-- --concurrency 4 --types ingest,materialize]`. Scale out by running more.
// SIGTERM/SIGINT: stop taking jobs, give running ones the grace period, then exit; a second signal exits now.
// The worker's entry is where the domains' runners meet the job runner (see worker-runners.ts).

const { values } = parseArgs({
  options: {
    concurrency: { type: "string" },
    types: { type: "string" },
    "shutdown-grace-seconds": { type: "string" },
  },
});

const positiveInt = (value: string | undefined, name: string): number | undefined => {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`--${name} must be a positive integer`);
  return parsed;
};

const main = async () => {
  const graceSeconds = positiveInt(values["shutdown-grace-seconds"], "shutdown-grace-seconds");
  const worker = await startWorker({
    runners: WORKER_RUNNERS,
    concurrency: positiveInt(values.concurrency, "concurrency") ?? WORKER_DEFAULTS.concurrency,
    types: values.types
      ? values.types
          .split(",")
          .map((type) => type.trim())
          .filter(Boolean)
      : undefined,
    shutdownGraceMs: graceSeconds !== undefined ? graceSeconds * 1000 : undefined,
  });
  console.log(
    `[larder] worker ${process.pid} serving ${worker.types.length ? worker.types.join(", ") : "no job types yet"}`,
  );
  // After an upgrade of the online codec, groups whose online rows an older version wrote are rebuilt.
  enqueueOnlineRebuilds()
    .then((queued) => {
      if (queued.length) console.log(`[larder] worker: queued ${queued.length} online rebuild(s) after an upgrade`);
    })
    .catch((error: unknown) => console.error("[larder] worker: could not queue online rebuilds", error));

  // Leftovers of processes killed before this start (partial uploads, staging, temp folders) go now, in the
  // background; the same sweep runs as the schedulable `sweep-leftovers` job.
  void sweepAllProjects()
    .then((removed) =>
      console.log(
        `[larder] worker: swept ${removed.length} leftover(s)${removed.length ? `: ${removed.join(", ")}` : ""}`,
      ),
    )
    .catch((error: unknown) => console.error("[larder] worker: sweeping leftovers failed:", error));

  // Usage per project is aggregated daily (docs/usage.md): a cluster-safe cron queues one job per project.
  scheduleDailyUsage().catch((error: unknown) =>
    console.error("[larder] worker: scheduling daily usage failed:", error),
  );

  let signalled = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (signalled) {
      console.log(`[larder] worker: second ${signal}, exiting now`);
      process.exit(1);
    }
    signalled = true;
    console.log(`[larder] worker: ${signal} received, finishing running jobs`);
    worker
      .stop()
      .then(() => stopBoss())
      .then(() => db.$disconnect())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error("[larder] worker: unclean shutdown", error);
        process.exit(1);
      });
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
};

main().catch((error: unknown) => {
  console.error("[larder] worker failed to start:", error);
  process.exit(1);
});
