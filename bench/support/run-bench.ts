import os from "node:os";
import { withScratchDatabase } from "./scratch-database";

// The entry of a `npm run bench:<x>` script: measures against a fresh database (withScratchDatabase), prints the
// result as JSON on stdout and exits 0, or prints the error and exits 1 (open pools would otherwise keep the
// process alive).
export const runBenchScript = (prefix: string, measure: (databaseUrl: string) => Promise<unknown>) =>
  withScratchDatabase(prefix, async (databaseUrl) => {
    const result = await measure(databaseUrl);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  }).then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );

/** The machine a figure was measured on, printed beside it: load average first, since the machines are shared. */
export const machineFigures = () => ({
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model,
  node: process.version,
  loadAverage: os.loadavg().map((value) => Math.round(value * 100) / 100),
});
