import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { db } from "../../server/db/client";

// The job worker as a process of its own, as production runs it (server/jobs/worker-main.ts), for benchmarks that
// measure a job end to end and the worker's memory: start it for some job types, read its peak RSS, stop it. The
// tests' worker process (test/fixtures/worker-child.ts) serves the benchmarks that queue jobs of their own.

/** Starts a worker for `types` (comma-separated) with one job at a time; resolves once it serves. */
export const spawnWorker = async ({ types, env }: { types: string; env: NodeJS.ProcessEnv }): Promise<ChildProcess> => {
  const child = spawn(
    process.execPath,
    [
      "--conditions=react-server",
      "--import",
      "tsx",
      "server/jobs/worker-main.ts",
      "--types",
      types,
      "--concurrency",
      "1",
    ],
    { env, stdio: ["ignore", "pipe", "pipe"] },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("serving") && resolve());
    child.once("exit", (code) => reject(new Error(`worker exited with ${code}`)));
  });
  return child;
};

/**
 * Starts the tests' worker process (test/fixtures/worker-child.ts: product and test job types, the env as given)
 * for `types` (comma-separated), its errors on this process's stderr; resolves once it says "ready".
 */
export const spawnWorkerChild = async (types: string): Promise<ChildProcess> => {
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "test/fixtures/worker-child.ts", types],
    { env: process.env, stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`worker exited with ${code}`)));
    child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve());
  });
  return child;
};

/** Peak resident memory of a process so far, from the kernel (VmHWM), in MB. */
export const peakRssMb = (pid: number): number =>
  Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;

export const stopWorker = async (child: ChildProcess) => {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
};

/** The job once it ended (SUCCEEDED, FAILED or CANCELLED), polled every 20 ms. */
export const waitForJobEnd = async (jobId: string) => {
  for (;;) {
    const job = await db.job.findUniqueOrThrow({ where: { id: jobId } });
    if (job.status === "SUCCEEDED" || job.status === "FAILED" || job.status === "CANCELLED") return job;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

/** The job once it SUCCEEDED; throws when it failed or was cancelled. */
export const waitForJob = async (jobId: string) => {
  const job = await waitForJobEnd(jobId);
  if (job.status !== "SUCCEEDED") throw new Error(`${job.type} job ${job.status}: ${job.error}`);
  return job;
};

/** Samples a process's resident memory (VmRSS) every `intervalMs` until stopped: when in a job its peak came. */
export const sampleRss = (pid: number, intervalMs = 50) => {
  const samples: { at: number; rssMb: number }[] = [];
  const read = () => {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    if (match) samples.push({ at: Date.now(), rssMb: Number(match[1]) / 1024 });
  };
  const timer = setInterval(read, intervalMs);
  return {
    /** The largest sample between two instants (ms since epoch). */
    peakBetween: (from: number, to: number) =>
      Math.max(0, ...samples.filter((sample) => sample.at >= from && sample.at <= to).map((sample) => sample.rssMb)),
    stop: () => clearInterval(timer),
  };
};
