import path from "node:path";
import { defineConfig } from "vitest/config";

const EXCLUDE = ["node_modules/**", "e2e/**", ".next/**", ".larder/**"];
// Files that run isolated (a fresh module graph each); every other file shares its worker's graph.
// - vi.mock: the mock holds only if the file is the first in its process to import that module;
// - statistics.test.ts asserts the result of the statistics job its own commits queue: in the full run a job of its
//   commit 2 once reported another snapshot's row count (4, not 20) after the files before it in the same worker;
//   not reproduced alone or in a short sequence, so it runs in a process of its own until that is understood.
const MOCKING = ["server/ingest/storage-errors.test.ts", "server/stats/statistics.test.ts"];

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // Server modules import "server-only" to keep them out of client bundles; in tests it is a no-op.
      "server-only": path.resolve(import.meta.dirname, "test/server-only-stub.ts"),
    },
  },
  test: {
    exclude: EXCLUDE,
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/worker-env.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two files at a time, each worker on its own copy of the migrated database and its own directories
    // (test/global-setup.ts, test/worker-env.ts). LARDER_TEST_WORKERS=1 runs them one after another.
    maxWorkers: Number(process.env.LARDER_TEST_WORKERS ?? 2),
    pool: "forks",
    projects: [
      // A worker imports the server's modules once and runs file after file on them (docs/testing.md).
      { extends: true, test: { name: "shared", isolate: false, include: ["**/*.test.ts"], exclude: MOCKING } },
      { extends: true, test: { name: "isolated", include: MOCKING } },
    ],
  },
});
