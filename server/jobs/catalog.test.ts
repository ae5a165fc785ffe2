import { cruise } from "dependency-cruiser";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";
import { describe, expect, it } from "vitest";
import { JOB_CATALOG } from "./contracts";
import { WORKER_RUNNERS } from "./worker-runners";

// The job catalog (contracts, below the domains) and the worker's runners (in the domains) describe the same
// job types, and the web side's way into the job runner never loads a runner.

/** Every module `entry` loads, following value and type imports through the project (not node_modules). */
const modulesLoadedBy = async (entry: string): Promise<string[]> => {
  const { output } = await cruise(
    [entry],
    { doNotFollow: { path: "node_modules" }, exclude: { path: "^server/db/generated/" }, tsPreCompilationDeps: true },
    undefined,
    { tsConfig: extractTSConfig("tsconfig.json") },
  );
  if (typeof output === "string") throw new Error("dependency-cruiser returned text, not a result");
  return output.modules.map((module) => module.source);
};

describe("the job catalog", () => {
  it("has exactly one runner per contract, carrying that very contract", () => {
    const contracts = JOB_CATALOG.map((contract) => contract.type).sort();
    expect(WORKER_RUNNERS.map((runner) => runner.contract.type).sort()).toEqual(contracts);
    expect(new Set(contracts).size).toBe(contracts.length);
    for (const runner of WORKER_RUNNERS)
      expect(JOB_CATALOG.find((contract) => contract.type === runner.contract.type)).toBe(runner.contract);
  });

  it.each(["server/jobs/enqueue.ts", "server/jobs/schedules.ts", "server/jobs/index.ts"])(
    "%s loads no runner and no domain room",
    async (entry) => {
      const loaded = await modulesLoadedBy(entry);
      // The cruise did happen: the entry and the catalog are in its graph.
      expect(loaded).toContain(entry);
      expect(loaded).toContain("server/jobs/contracts/index.ts");
      expect(loaded).not.toContain("server/ingest/run-ingest.ts");
      expect(loaded).not.toContain("server/jobs/worker-runners.ts");
      expect(
        loaded.filter((source) => /^server\/(ingest|maintenance|feature-views|online|serving)\//.test(source)),
      ).toEqual([]);
    },
  );

  it("the worker's runner list does load the runners (the check above can see them)", async () => {
    const loaded = await modulesLoadedBy("server/jobs/worker-runners.ts");
    expect(loaded).toEqual(
      expect.arrayContaining(["server/ingest/run-ingest.ts", "server/feature-views/run-training.ts"]),
    );
  });
});
