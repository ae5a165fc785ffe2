import { hash } from "node:crypto";
import type { ChainableCommander, Redis } from "ioredis";

// The Redis online store's layout and scripts. Shared by the store (redis-store.ts) and the serving benchmark's
// floor (bench/serving-floor.ts), which must fetch exactly as the store does; so no "server-only" here.
//
// Layout: a group's rows live in 65,536 hashes, `<prefix>:<projectId>:<featureGroupId>:<bucket>`, the bucket being
// the first four hex digits of the MD5 of the encoded key (bucketOf). Field: the encoded key (codec.ts encodeKey);
// value: the row as JSON (codec.ts encodeRowJson), `[eventTimeUs, "text", null, …]`.
//
// Why buckets: Redis spends most of a bulk write of millions of new keys on its main keyspace (measured at 10 M
// keys: 4.1 µs of Redis CPU per key for the latest-wins script over one string per entity). Materialization writes
// rows in bucket order (offline-source.ts), so each script call lands its 500 rows in a few hashes that stay in
// cache: 2.4 µs per row, measured the same way, and 65,536 keys instead of 10 M. A single-entity read is one HGET,
// as cheap as a GET. The cost: Redis 7.0 cannot expire single hash fields, so a TTL is enforced on read (as it
// always was, see isExpired) and a bucket expires as a whole once its newest row has (see UPSERT_SCRIPT).

export const BUCKET_HEX_DIGITS = 4;

/** The bucket of an encoded key. offline-source.ts computes the same in SQL (DuckDB's md5 over the same UTF-8 bytes). */
export const bucketOf = (encodedKey: string): string => hash("md5", encodedKey).slice(0, BUCKET_HEX_DIGITS);

/**
 * Latest-wins upsert of a batch of rows in the bulk line format (codec.ts encodeLine: bucket, key, row JSON), atomic
 * as a whole. ARGV[1]: the group's key prefix; ARGV[2]: TTL in ms (0 = none); ARGV[3]: the lines. The lines travel
 * as one argument, not one per key and value: the client then spends ~0.5 µs per row instead of ~2.3 µs (measured),
 * and the script splits them in C (gmatch). Consecutive lines of one bucket are written together: one HMGET of the
 * stored rows, the event-time comparison, one HSET. A row is written when no row is stored or the stored row's event
 * time is not newer (ties: the later write wins), also among rows of one batch. Event times are integers below
 * 2^53, exact in Lua's doubles. With a TTL, a bucket expires (PEXPIREAT) when the newest row ever written to it
 * does: never earlier than any of its rows. The keys are built inside the script, which therefore declares itself
 * unfit for Redis Cluster.
 */
const UPSERT_SCRIPT = `#!lua flags=no-cluster
local prefix = ARGV[1]
local ttl = tonumber(ARGV[2])
local written = 0
local bucket, fields, rows, times, n = nil, {}, {}, {}, 0
local function flush()
  if n == 0 then return end
  local key = prefix .. bucket
  -- PEXPIRETIME: -2 when the bucket does not exist, -1 when it has no TTL. A new bucket (most of a first
  -- materialization, which writes in bucket order) needs no HMGET.
  local expiry = ttl > 0 and redis.call('PEXPIRETIME', key) or (redis.call('EXISTS', key) == 1 and -1 or -2)
  local current = expiry == -2 and {} or redis.call('HMGET', key, unpack(fields))
  local sets, newest, latest = {}, {}, nil
  for i = 1, n do
    -- The newest event time so far for this field: an earlier row of this batch, else the stored row.
    local seen = newest[fields[i]]
    if seen == nil and current[i] then seen = tonumber(string.match(current[i], '^%[(%-?%d+)')) end
    if seen == nil or seen <= times[i] then
      newest[fields[i]] = times[i]
      written = written + 1
      sets[#sets + 1] = fields[i]
      sets[#sets + 1] = rows[i]
      if latest == nil or times[i] > latest then latest = times[i] end
    end
  end
  if #sets > 0 then
    redis.call('HSET', key, unpack(sets))
    if ttl > 0 then
      -- +1 ms: PEXPIREAT deletes at the instant, while a row exactly ttlSeconds old is still valid.
      local expires = math.floor(latest / 1000) + ttl + 1
      -- -2: the bucket is new; -1: it was written without a TTL and keeps none.
      if expiry == -2 or (expiry >= 0 and expiry < expires) then redis.call('PEXPIREAT', key, string.format('%d', expires)) end
    end
  end
  fields, rows, times, n = {}, {}, {}, 0
end
for b, k, row, t in string.gmatch(ARGV[3], '([^\\t\\n]*)\\t([^\\t]*)\\t(%[(%-?%d+)[^\\n]*)\\n') do
  if b ~= bucket then
    flush()
    bucket = b
  end
  n = n + 1
  fields[n] = k
  times[n] = tonumber(t)
  rows[n] = row
end
flush()
return written
`;

/** The stored rows (or nil) of several keys of one group. ARGV[1]: the group's key prefix; then bucket, key pairs. */
const READ_SCRIPT = `#!lua flags=no-cluster,no-writes
local prefix = ARGV[1]
local out = {}
for i = 2, #ARGV, 2 do out[#out + 1] = redis.call('HGET', prefix .. ARGV[i], ARGV[i + 1]) end
return out
`;

type TLarderCommands = {
  larderUpsertLines: (prefix: string, ttlMs: string, lines: string) => Promise<number>;
  larderRead: (prefix: string, ...bucketsAndKeys: string[]) => Promise<(string | null)[]>;
};

/** Registers the scripts on a connection (EVALSHA, loaded on first use); returns it typed with them. */
export const withLarderCommands = (redis: Redis) => {
  redis.defineCommand("larderUpsertLines", { numberOfKeys: 0, lua: UPSERT_SCRIPT });
  redis.defineCommand("larderRead", { numberOfKeys: 0, lua: READ_SCRIPT });
  return redis as Redis & TLarderCommands;
};

/**
 * Queues the read of one group's rows on a pipeline: an HGET for a single key, else one call of the read script
 * (one command however many keys, where an HGET per key would cost the client a command each).
 * The reply is a string or null for one key, an array of them otherwise; readReply evens that out.
 */
export const queueRead = (pipeline: ChainableCommander, prefix: string, encodedKeys: string[]) => {
  if (encodedKeys.length === 1) {
    pipeline.hget(prefix + bucketOf(encodedKeys[0]), encodedKeys[0]);
    return;
  }
  const args: string[] = [prefix];
  for (const key of encodedKeys) args.push(bucketOf(key), key);
  (pipeline as ChainableCommander & { larderRead: (...args: string[]) => ChainableCommander }).larderRead(...args);
};

export const readReply = (reply: unknown): (string | null)[] =>
  Array.isArray(reply) ? (reply as (string | null)[]) : [reply as string | null];
