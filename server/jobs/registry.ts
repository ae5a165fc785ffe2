import "server-only";
import type { z } from "zod";
import type { TJobDefinition } from "./define";
import { JOB_DEFINITIONS } from "./definitions";

// The job types this process knows: the product's list plus any registered at runtime (tests do that).
const registered = new Map<string, TJobDefinition>();
let loaded = false;

const ensureLoaded = () => {
  if (loaded) return;
  loaded = true;
  for (const definition of JOB_DEFINITIONS) registerJobDefinition(definition);
};

/** Adds a job type. Throws on a second definition of the same type (two files claiming one queue). */
export const registerJobDefinition = <S extends z.ZodType, R>(definition: TJobDefinition<S, R>): void => {
  ensureLoaded();
  const existing = registered.get(definition.type);
  if (existing && existing !== (definition as unknown))
    throw new Error(`Job type '${definition.type}' is defined twice`);
  registered.set(definition.type, definition as unknown as TJobDefinition);
};

export const findJobDefinition = (type: string): TJobDefinition | undefined => {
  ensureLoaded();
  return registered.get(type);
};

export const listJobDefinitions = (): TJobDefinition[] => {
  ensureLoaded();
  return [...registered.values()];
};
