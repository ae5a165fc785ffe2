import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // Server modules import "server-only" to keep them out of client bundles; in tests it is a no-op.
      "server-only": path.resolve(import.meta.dirname, "test/server-only-stub.ts"),
    },
  },
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", "e2e/**", ".next/**", ".larder/**"],
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/worker-env.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two files at a time, each worker on its own copy of the migrated database and its own directories
    // (test/global-setup.ts, test/worker-env.ts). LARDER_TEST_WORKERS=1 runs them one after another.
    maxWorkers: Number(process.env.LARDER_TEST_WORKERS ?? 2),
    pool: "forks",
  },
});
