import "server-only";
import { DomainError, ServiceUnavailableError } from "../errors";

// A small refresh-ahead cache in front of the registry: an entry older than `refreshMs` is still served while one
// background rebuild runs; one older than `maxAgeMs` is re-validated before use. Concurrent misses share one build.
// Caller errors (DomainError: not found, unauthorized …) are cached too, so a flood of bad requests does not
// become a flood of registry queries.
//
// Registry outages (any other build failure, or a build that does not answer in time): an entry that was built
// successfully keeps being served for `staleIfErrorMs` past `maxAgeMs`, so keys and plans already loaded keep
// working through an outage; while the registry is known to be unreachable (a failure less than `refreshMs` ago)
// stale entries are served without waiting, and one rebuild at a time probes for its return. What the cache
// never held (or held too long ago) is a ServiceUnavailableError: 503 with Retry-After, never the driver's text.

type TEntry<T> = {
  /** When the value (or caller error) was last built successfully. */
  at: number;
  value?: T;
  error?: unknown;
  building?: Promise<T>;
  /** When the last rebuild failed for a reason other than the caller (registry down, timed out). */
  failedAt?: number;
};

export type TRefreshCache<T> = {
  get: (key: string, build: () => Promise<T>) => Promise<T>;
  /** The fresh-enough value without waiting, or undefined (the hot path's synchronous check). */
  peek: (key: string) => T | undefined;
  clear: () => void;
  size: () => number;
};

// Seconds a client should wait before retrying what could not be answered during an outage.
const RETRY_AFTER_SECONDS = 5;

const deadline = <T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> =>
  Promise.race([promise, new Promise<typeof TIMED_OUT>((resolve) => setTimeout(resolve, ms, TIMED_OUT).unref())]);
const TIMED_OUT = Symbol("timed out");

export const createRefreshCache = <T>({
  what,
  refreshMs,
  maxAgeMs,
  maxEntries,
  staleIfErrorMs = 0,
  buildTimeoutMs = 5_000,
  revalidateWaitMs = 500,
}: {
  /** What an entry is, for the 503's message ("API key", "feature view"). */
  what: string;
  refreshMs: number;
  maxAgeMs: number;
  maxEntries: number;
  /** How long past maxAgeMs a successfully built entry may still be served while rebuilds fail. */
  staleIfErrorMs?: number;
  /** A build that has not settled by then counts as failed (a hung registry connection must not pin a key). */
  buildTimeoutMs?: number;
  /** How long a request for an entry past maxAgeMs waits for its re-validation before using the stale entry. */
  revalidateWaitMs?: number;
}): TRefreshCache<T> => {
  const entries = new Map<string, TEntry<T>>();

  const unavailable = () =>
    new ServiceUnavailableError(
      `The registry is unavailable and this ${what} is not cached on this feature server; retry shortly`,
      RETRY_AFTER_SECONDS,
    );

  const rebuild = (key: string, entry: TEntry<T> | undefined, build: () => Promise<T>): Promise<T> => {
    if (entry?.building) return entry.building;
    const building: Promise<T> = deadline(build(), buildTimeoutMs).then((value) => {
      if (value === TIMED_OUT) throw new Error(`the registry did not answer within ${buildTimeoutMs} ms`);
      entries.set(key, { at: Date.now(), value });
      return value;
    });
    const settled = building.catch((error: unknown) => {
      const current = entries.get(key);
      if (error instanceof DomainError) entries.set(key, { at: Date.now(), error });
      else if (current?.building === building) {
        // Logged once per outage and entry (the first failure), not on every probe.
        if (current.failedAt === undefined)
          console.error(`[larder serving] could not load from the registry (${what}):`, (error as Error)?.message);
        entries.set(key, { ...current, building: undefined, failedAt: Date.now() });
      }
      throw error;
    });
    if (entries.size >= maxEntries && !entries.has(key)) entries.delete(entries.keys().next().value!);
    entries.set(key, { ...(entry ?? { at: 0 }), building });
    return settled;
  };

  const hasResult = (entry: TEntry<T> | undefined): entry is TEntry<T> =>
    entry !== undefined && (entry.value !== undefined || entry.error !== undefined);

  const answer = (entry: TEntry<T>): T => {
    if (entry.error !== undefined) throw entry.error;
    return entry.value as T;
  };

  return {
    get: async (key, build) => {
      const entry = entries.get(key);
      const now = Date.now();
      if (hasResult(entry) && now - entry.at <= maxAgeMs) {
        if (now - entry.at > refreshMs && !entry.building) rebuild(key, entry, build).catch(() => {});
        return answer(entry);
      }
      const stale = hasResult(entry) && now - entry.at <= maxAgeMs + staleIfErrorMs ? entry : undefined;
      if (!stale) {
        try {
          return await rebuild(key, entry, build);
        } catch (error) {
          throw error instanceof DomainError ? error : unavailable();
        }
      }
      // Past maxAge: re-validate before use (a revoked key must stop working), unless the registry is known to be
      // unreachable right now, in which case the last answer stands until it is reachable again.
      if (stale.failedAt !== undefined && now - stale.failedAt < refreshMs) {
        if (!stale.building && now - stale.failedAt >= refreshMs / 2) rebuild(key, stale, build).catch(() => {});
        return answer(stale);
      }
      const revalidated = rebuild(key, stale, build);
      revalidated.catch(() => {});
      let outcome: T | typeof TIMED_OUT;
      try {
        outcome = await deadline(revalidated, revalidateWaitMs);
      } catch (error) {
        if (error instanceof DomainError) throw error;
        return answer(entries.get(key) ?? stale);
      }
      if (outcome !== TIMED_OUT) return outcome;
      // Too slow to wait for: treat the registry as unreachable until the pending rebuild says otherwise.
      const current = entries.get(key);
      if (current && current.failedAt === undefined) entries.set(key, { ...current, failedAt: Date.now() });
      return answer(stale);
    },
    peek: (key) => {
      const entry = entries.get(key);
      const now = Date.now();
      return hasResult(entry) && entry.error === undefined && now - entry.at <= refreshMs ? entry.value : undefined;
    },
    clear: () => entries.clear(),
    size: () => entries.size,
  };
};
