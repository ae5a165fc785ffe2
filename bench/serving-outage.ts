import { machineFigures, runBenchScript } from "./support/run-bench";
import { runServingOutage, type TOutageMode } from "./serving-outage-bench";

// `npm run bench:serving-outage [-- --seconds 30 --mode reset|blackhole|both --concurrency 8 --entities 10000]`
// → JSON on stdout: failed requests for a cached feature view and API key while the feature server's registry
// (PostgreSQL, behind a TCP proxy) is unreachable for `--seconds`; "reset" refuses connections, "blackhole" accepts
// and never answers them (a partition). Target: 0 failed requests for cached views and keys during a 30 s outage.

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : fallback;
};
const SECONDS = Number(option("seconds", "30"));
const MODE = option("mode", "both");
const CONCURRENCY = Number(option("concurrency", "8"));
const ENTITIES = Number(option("entities", "10000"));
const PHASE_SECONDS = 5;
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379/0";

const log = (message: string) => process.stderr.write(`[bench:serving-outage] ${message}\n`);
const modes: TOutageMode[] = MODE === "both" ? ["reset", "blackhole"] : [MODE as TOutageMode];

void runBenchScript("larder_bench_outage", async (databaseUrl) => {
  process.env.REDIS_URL = REDIS_URL;
  const runs = [];
  for (const mode of modes)
    runs.push(
      await runServingOutage({
        databaseUrl,
        redisUrl: REDIS_URL,
        entities: ENTITIES,
        mode,
        outageSeconds: SECONDS,
        phaseSeconds: PHASE_SECONDS,
        concurrency: CONCURRENCY,
        log,
      }),
    );
  return {
    benchmark: "feature server during a registry outage (bench/serving-outage.ts)",
    machine: machineFigures(),
    target: "0 failed requests for cached views and keys during a 30 s registry outage",
    met: runs.every((run) => run.cached.during.failed === 0 && run.cached.after.failed === 0),
    runs,
  };
});
