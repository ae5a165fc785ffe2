import "server-only";
import { DomainError } from "../errors";

// A small refresh-ahead cache: an entry older than `refreshMs` is still served while one background rebuild
// runs; one older than `maxAgeMs` (or absent) is rebuilt before answering. Concurrent misses share one build.
// Caller errors (DomainError: not found, unauthorized …) are cached too, so a flood of bad requests does not
// become a flood of registry queries; anything else (the registry is down) is not cached.

type TEntry<T> = { at: number; value?: T; error?: unknown; building?: Promise<T> };

export type TRefreshCache<T> = {
  get: (key: string, build: () => Promise<T>) => Promise<T>;
  /** The fresh-enough value without waiting, or undefined (the hot path's synchronous check). */
  peek: (key: string) => T | undefined;
  clear: () => void;
  size: () => number;
};

export const createRefreshCache = <T>({
  refreshMs,
  maxAgeMs,
  maxEntries,
}: {
  refreshMs: number;
  maxAgeMs: number;
  maxEntries: number;
}): TRefreshCache<T> => {
  const entries = new Map<string, TEntry<T>>();

  const rebuild = (key: string, entry: TEntry<T> | undefined, build: () => Promise<T>): Promise<T> => {
    if (entry?.building) return entry.building;
    const building = build().then(
      (value) => {
        entries.set(key, { at: Date.now(), value });
        return value;
      },
      (error: unknown) => {
        if (error instanceof DomainError) entries.set(key, { at: Date.now(), error });
        else if (entries.get(key)?.building === building)
          entries.set(key, { ...entries.get(key)!, building: undefined });
        throw error;
      },
    );
    if (entries.size >= maxEntries && !entries.has(key)) entries.delete(entries.keys().next().value!);
    entries.set(key, { ...(entry ?? { at: 0 }), building });
    return building;
  };

  const fresh = (entry: TEntry<T> | undefined, now: number) =>
    entry !== undefined && (entry.value !== undefined || entry.error !== undefined) && now - entry.at <= maxAgeMs;

  return {
    get: async (key, build) => {
      const entry = entries.get(key);
      const now = Date.now();
      if (!fresh(entry, now)) return rebuild(key, entry, build);
      if (now - entry!.at > refreshMs && !entry!.building) rebuild(key, entry, build).catch(() => {});
      if (entry!.error !== undefined) throw entry!.error;
      return entry!.value as T;
    },
    peek: (key) => {
      const entry = entries.get(key);
      return fresh(entry, Date.now()) && entry!.error === undefined && Date.now() - entry!.at <= refreshMs
        ? entry!.value
        : undefined;
    },
    clear: () => entries.clear(),
    size: () => entries.size,
  };
};
