import "server-only";
import { Redis } from "ioredis";
import { decodeRow, decodeRowJson, encodeKey, encodeLine, hasCurrentCodec, isExpired } from "./codec";
import { BUCKET_HEX_DIGITS, bucketOf, queueRead, readReply, withLarderCommands } from "./redis-layout";
import type { TOnlineGroup, TOnlineReadRequest, TOnlineReadRow, TOnlineStore, TOnlineWriteRow } from "./types";

// Layout and scripts: redis-layout.ts (rows in 65,536 hashes per group, written in bucket order).

// Rows per script call: large enough to amortize a call, small enough not to block Redis for long (~1.2 ms).
const ROWS_PER_SCRIPT_CALL = 500;
// Script calls in flight per connection: the writer keeps Redis busy without buffering much.
const CALLS_IN_FLIGHT = 16;
// Keys per read-script call and per delete pipeline (large reads, e.g. consistency checks, go in slices: Redis runs
// a script call without interruption, ~1 ms for 1,000 keys).
const KEYS_PER_CALL = 1_000;

export const createRedisOnlineStore = ({
  url,
  keyPrefix = "larder",
}: {
  url: string;
  keyPrefix?: string;
}): TOnlineStore => {
  const redis = withLarderCommands(
    new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3, enableAutoPipelining: false }),
  );
  const groupPrefix = (group: TOnlineGroup) => `${keyPrefix}:${group.projectId}:${group.id}:`;

  const upsertLines: TOnlineStore["upsertLines"] = async ({ group, text }) => {
    const ttlMs = String(group.ttlSeconds && group.eventTime ? group.ttlSeconds * 1000 : 0);
    const prefix = groupPrefix(group);
    let written = 0;
    // Concurrent direct calls on the one connection: the same wire batching as a pipeline, without its bookkeeping.
    let inFlight: Promise<number>[] = [];
    const flush = async () => {
      for (const count of await Promise.all(inFlight)) written += count;
      inFlight = [];
    };
    let start = 0;
    while (start < text.length) {
      let end = start;
      for (let lines = 0; lines < ROWS_PER_SCRIPT_CALL && end < text.length; lines++)
        end = text.indexOf("\n", end) + 1 || text.length;
      inFlight.push(redis.larderUpsertLines(prefix, ttlMs, text.slice(start, end)));
      start = end;
      if (inFlight.length >= CALLS_IN_FLIGHT) await flush();
    }
    await flush();
    return written;
  };

  // Lines grouped by bucket (a stable sort: rows of one key keep their order, on which ties of event time depend).
  const upsertRows: TOnlineStore["upsertRows"] = async ({ group, rows }) => {
    const lines = rows.map(encodeLine);
    const bucket = (line: string) => line.slice(0, BUCKET_HEX_DIGITS);
    lines.sort((a, b) => (bucket(a) < bucket(b) ? -1 : bucket(a) > bucket(b) ? 1 : 0));
    return upsertLines({ group, text: lines.join("") });
  };

  const readPipelined = async ({ requests, now = Date.now() }: { requests: TOnlineReadRequest[]; now?: number }) => {
    const pipeline = redis.pipeline();
    // Rows written by an older codec are not served (codec.ts hasCurrentCodec): they read as absent until rebuilt.
    for (const { group, keys } of requests)
      if (keys.length > 0 && hasCurrentCodec(group)) queueRead(pipeline, groupPrefix(group), keys.map(encodeKey));
    const results = (await pipeline.exec()) ?? [];
    let offset = 0;
    return requests.map(({ group, keys }) => {
      if (keys.length === 0) return [];
      if (!hasCurrentCodec(group)) return keys.map(() => null);
      const [error, reply] = results[offset++];
      if (error) throw error;
      return readReply(reply).map((json): TOnlineReadRow | null => {
        if (json === null) return null;
        const { eventTimeUs, texts } = decodeRowJson(json);
        return isExpired({ group, eventTimeUs, now }) ? null : decodeRow({ group, eventTimeUs, texts });
      });
    });
  };

  const getRowsMulti: TOnlineStore["getRowsMulti"] = async ({ requests, now }) => {
    if (requests.every((request) => request.keys.length <= KEYS_PER_CALL)) return readPipelined({ requests, now });
    const results: (TOnlineReadRow | null)[][] = requests.map(() => []);
    for (const [index, request] of requests.entries()) {
      const slices = [];
      for (let start = 0; start < request.keys.length; start += KEYS_PER_CALL)
        slices.push({ group: request.group, keys: request.keys.slice(start, start + KEYS_PER_CALL) });
      for (const slice of await readPipelined({ requests: slices, now })) results[index].push(...slice);
    }
    return results;
  };

  // A group's rows are all its hashes: clearing and dropping are the same thing here.
  const clear: TOnlineStore["clear"] = async ({ group }) => {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(
        cursor,
        "MATCH",
        `${groupPrefix(group).replace(/[*?[\]\\]/g, "\\$&")}*`,
        "COUNT",
        10_000,
      );
      if (keys.length > 0) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== "0");
  };

  // Every hash of the group (SCAN, never KEYS): HLEN counts its rows, MEMORY USAGE its bytes (Redis's estimate for
  // a hash samples 5 fields; exact enough for a bill, and one round trip per batch of hashes).
  const measure: NonNullable<TOnlineStore["measure"]> = async ({ group }) => {
    let cursor = "0";
    let keys = 0;
    let bytes = 0;
    do {
      const [next, hashes] = await redis.scan(
        cursor,
        "MATCH",
        `${groupPrefix(group).replace(/[*?[\]\\]/g, "\\$&")}*`,
        "COUNT",
        10_000,
      );
      if (hashes.length > 0) {
        const pipeline = redis.pipeline();
        for (const hash of hashes) pipeline.hlen(hash).memory("USAGE", hash);
        for (const [index, [error, reply]] of ((await pipeline.exec()) ?? []).entries()) {
          if (error) throw error;
          if (index % 2 === 0) keys += Number(reply);
          else bytes += Number(reply ?? 0);
        }
      }
      cursor = next;
    } while (cursor !== "0");
    return { keys, bytes };
  };

  return {
    kind: "redis",
    writeOrder: "bucket",
    ensure: async () => {},
    drop: clear,
    clear,
    measure,
    upsertRows,
    upsertLines,
    deleteKeys: async ({ group, keys }) => {
      for (let start = 0; start < keys.length; start += KEYS_PER_CALL) {
        const byBucket = new Map<string, string[]>();
        for (const key of keys.slice(start, start + KEYS_PER_CALL)) {
          const encoded = encodeKey(key);
          const bucket = bucketOf(encoded);
          byBucket.set(bucket, [...(byBucket.get(bucket) ?? []), encoded]);
        }
        const pipeline = redis.pipeline();
        for (const [bucket, fields] of byBucket) pipeline.hdel(groupPrefix(group) + bucket, ...fields);
        for (const [error] of (await pipeline.exec()) ?? []) if (error) throw error;
      }
    },
    getRows: async ({ group, keys, now }) => (await getRowsMulti({ requests: [{ group, keys }], now }))[0],
    getRowsMulti,
    ping: async () => {
      await redis.ping();
    },
    close: async () => {
      redis.disconnect();
    },
  };
};
