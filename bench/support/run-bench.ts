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
