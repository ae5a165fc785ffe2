import "server-only";
import type { z } from "zod";
import type { TJobContract } from "./define";
import { JOB_CATALOG } from "./contracts";

// The job contracts this process knows: the catalog plus any registered at runtime (tests do that).
const registered = new Map<string, TJobContract>();
let loaded = false;

const ensureLoaded = () => {
  if (loaded) return;
  loaded = true;
  for (const contract of JOB_CATALOG) registerJobContract(contract);
};

/** Adds a job type. Throws on a second contract for the same type (two files claiming one queue). */
export const registerJobContract = <S extends z.ZodType>(contract: TJobContract<S>): void => {
  ensureLoaded();
  const existing = registered.get(contract.type);
  if (existing && existing !== (contract as unknown)) throw new Error(`Job type '${contract.type}' is defined twice`);
  registered.set(contract.type, contract as unknown as TJobContract);
};

export const findJobContract = (type: string): TJobContract | undefined => {
  ensureLoaded();
  return registered.get(type);
};
