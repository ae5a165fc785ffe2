import "server-only";
import { getDatabaseUrl, getEnv } from "../env";
import type { TFeatureType } from "@/lib/api/feature-groups";
import { createPostgresOnlineStore } from "./postgres-store";
import { createRedisOnlineStore } from "./redis-store";
import type { TOnlineGroup, TOnlineStore } from "./types";

// One online store per process: Redis whenever REDIS_URL is set, else tables in the registry's PostgreSQL.
// Kept on globalThis so Next.js dev reloads do not leak connections.
const globalForOnline = globalThis as unknown as { larderOnlineStore?: TOnlineStore };

export const getOnlineStore = (): TOnlineStore => {
  if (!globalForOnline.larderOnlineStore) {
    const { REDIS_URL } = getEnv();
    globalForOnline.larderOnlineStore = REDIS_URL
      ? createRedisOnlineStore({ url: REDIS_URL })
      : createPostgresOnlineStore({ connectionString: getDatabaseUrl() });
  }
  return globalForOnline.larderOnlineStore;
};

/** Replaces the process's store (tests run the same scenarios against both implementations). */
export const setOnlineStore = (store: TOnlineStore | undefined) => {
  globalForOnline.larderOnlineStore = store;
};

export const closeOnlineStore = async () => {
  const store = globalForOnline.larderOnlineStore;
  globalForOnline.larderOnlineStore = undefined;
  await store?.close();
};

type TFeatureGroupLike = {
  id: string;
  projectId: string;
  primaryKey: string[];
  eventTime: string | null;
  ttlSeconds: number | null;
  features: { name: string; type: string }[];
  onlineCodecVersion: number;
};

/** The online view of a registry row (features in schema order). */
export const toOnlineGroup = (row: TFeatureGroupLike): TOnlineGroup => ({
  id: row.id,
  projectId: row.projectId,
  primaryKey: row.primaryKey,
  eventTime: row.eventTime,
  ttlSeconds: row.ttlSeconds,
  features: row.features.map((feature) => ({ name: feature.name, type: feature.type as TFeatureType })),
  onlineCodecVersion: row.onlineCodecVersion,
});
