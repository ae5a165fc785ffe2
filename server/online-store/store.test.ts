import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createPostgresOnlineStore } from "./postgres-store";
import { createRedisOnlineStore } from "./redis-store";
import { bucketOf, canonicalKeyValue, encodeKey } from "./codec";
import type { TOnlineGroup, TOnlineStore, TOnlineWriteRow } from "./types";
import { featureList } from "@/test/fixtures/test-project";

// The same behaviour from both online stores, against the real Redis (db 15) and PostgreSQL (the test database).
// Each store gets its own key prefix / schema, removed afterwards.

const suffix = randomBytes(4).toString("hex");
const REDIS_PREFIX = `larder_test_${suffix}`;
const PG_SCHEMA = `larder_online_test_${suffix}`;

const stores: [string, () => TOnlineStore][] = [
  ["redis", () => createRedisOnlineStore({ url: process.env.REDIS_URL!, keyPrefix: REDIS_PREFIX })],
  ["postgres", () => createPostgresOnlineStore({ connectionString: process.env.DATABASE_URL!, schema: PG_SCHEMA })],
];

const opened: TOnlineStore[] = [];
afterAll(async () => {
  const redis = new Redis(process.env.REDIS_URL!);
  const keys = await redis.keys(`${REDIS_PREFIX}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  await Promise.all(opened.map((store) => store.close()));
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${PG_SCHEMA}" CASCADE`);
  await client.end();
});

let groupCounter = 0;
const makeGroup = (overrides: Partial<TOnlineGroup> = {}): TOnlineGroup => ({
  id: `fg_test${suffix}${groupCounter++}`,
  projectId: "prj_test",
  primaryKey: ["card_id"],
  eventTime: "updated_at",
  ttlSeconds: null,
  features: featureList({
    card_id: "bigint",
    card_type: "string",
    credit_limit: "double",
    is_premium: "boolean",
    embedding: "array<float>",
    opened_on: "date",
    updated_at: "timestamp",
  }),
  ...overrides,
});

const T0 = Date.parse("2026-01-01T00:00:00Z");
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "000Z");
// Values aligned with the non-key features: card_type, credit_limit, is_premium, embedding, opened_on, updated_at.
const row = (id: number, atMs: number, cardType: string | null, limit = "1000.5"): TOnlineWriteRow => ({
  key: [String(id)],
  eventTimeUs: atMs * 1000,
  values: [cardType, limit, "true", "[0.5, 1.0]", "2025-12-31", iso(atMs)],
});

describe.each(stores)("%s online store", (_kind, create) => {
  const store = create();
  opened.push(store);

  it("round-trips typed values, with nulls, and answers null for unknown keys", async () => {
    const group = makeGroup();
    await store.ensure({ group });
    await store.upsertRows({ group, rows: [row(1, T0, "visa"), row(2, T0, null, "2e+20")] });
    const [one, two, none] = await store.getRows({ group, keys: [["1"], ["2"], ["999"]], now: T0 });
    expect(one).toEqual({
      eventTimeUs: T0 * 1000,
      values: {
        card_type: "visa",
        credit_limit: 1000.5,
        is_premium: true,
        embedding: [0.5, 1],
        opened_on: "2025-12-31",
        updated_at: "2026-01-01T00:00:00.000000Z",
      },
    });
    expect(two?.values).toMatchObject({ card_type: null, credit_limit: 2e20 });
    expect(none).toBeNull();
  });

  it("latest wins: a late, older event never overwrites a newer row; an equal event time updates", async () => {
    const group = makeGroup();
    expect(await store.upsertRows({ group, rows: [row(1, T0 + HOUR, "new")] })).toBe(1);
    expect(await store.upsertRows({ group, rows: [row(1, T0, "late")] })).toBe(0);
    expect((await store.getRows({ group, keys: [["1"]], now: T0 }))[0]?.values.card_type).toBe("new");
    await store.upsertRows({ group, rows: [row(1, T0 + HOUR, "corrected")] });
    expect((await store.getRows({ group, keys: [["1"]], now: T0 }))[0]?.values.card_type).toBe("corrected");
    // Within one batch too, whatever the order.
    await store.upsertRows({ group, rows: [row(2, T0 + 2 * HOUR, "b-new"), row(2, T0, "b-old")] });
    expect((await store.getRows({ group, keys: [["2"]], now: T0 }))[0]?.values.card_type).toBe("b-new");
    // A newer row that sets a feature to NULL clears it.
    await store.upsertRows({ group, rows: [row(1, T0 + 3 * HOUR, null)] });
    expect((await store.getRows({ group, keys: [["1"]], now: T0 }))[0]?.values.card_type).toBeNull();
  });

  it("deletes keys", async () => {
    const group = makeGroup();
    await store.upsertRows({ group, rows: [row(1, T0, "a"), row(2, T0, "b")] });
    await store.deleteKeys({ group, keys: [["1"], ["3"]] });
    const rows = await store.getRows({ group, keys: [["1"], ["2"]], now: T0 });
    expect(rows.map((r) => r?.values.card_type ?? null)).toEqual([null, "b"]);
  });

  it("respects ttlSeconds: a row older than the TTL at `now` reads as null", async () => {
    const group = makeGroup({ ttlSeconds: 3600 });
    const now = Date.now();
    await store.upsertRows({ group, rows: [row(1, now - 30 * 60_000, "fresh"), row(2, now - 2 * HOUR, "expired")] });
    const [fresh, expired] = await store.getRows({ group, keys: [["1"], ["2"]], now });
    expect(fresh?.values.card_type).toBe("fresh");
    expect(expired).toBeNull();
    expect((await store.getRows({ group, keys: [["1"]], now: now + HOUR }))[0]).toBeNull();
    if (store.kind === "redis") {
      // A bucket expires with the newest row written to it, so Redis frees it; a bucket holding only expired rows
      // is gone at once.
      const redis = new Redis(process.env.REDIS_URL!);
      const bucketKey = (key: string) => `${REDIS_PREFIX}:${group.projectId}:${group.id}:${bucketOf(key)}`;
      const ttl = await redis.pttl(bucketKey("1"));
      expect(ttl).toBeGreaterThan(29 * 60_000);
      expect(ttl).toBeLessThanOrEqual(30 * 60_000 + 1);
      expect(await redis.exists(bucketKey("2"))).toBe(0);
      // A newer row extends its bucket's life; an older one never shortens it.
      await store.upsertRows({ group, rows: [row(1, now - 10 * 60_000, "newer")] });
      expect(await redis.pttl(bucketKey("1"))).toBeGreaterThan(49 * 60_000);
      let sameBucket = 2;
      while (bucketOf(String(sameBucket)) !== bucketOf("1")) sameBucket += 1;
      await store.upsertRows({ group, rows: [row(sameBucket, now - 50 * 60_000, "older")] });
      expect(await redis.pttl(bucketKey("1"))).toBeGreaterThan(49 * 60_000);
      expect(
        (await store.getRows({ group, keys: [[String(sameBucket)], ["1"]], now })).map(
          (found) => found?.values.card_type,
        ),
      ).toEqual(["older", "newer"]);
      redis.disconnect();
    }
  });

  it("handles composite keys whose values contain the separator, and groups without event time (last write wins)", async () => {
    const group = makeGroup({
      primaryKey: ["merchant", "day"],
      eventTime: null,
      features: featureList({ merchant: "string", day: "date", amount: "int" }),
    });
    const keyA = ["a|b", "2026-01-01"];
    const keyB = ["a", "b|2026-01-01"];
    expect(encodeKey(keyA)).not.toBe(encodeKey(keyB));
    await store.upsertRows({ group, rows: [{ key: keyA, eventTimeUs: 0, values: ["1"] }] });
    await store.upsertRows({ group, rows: [{ key: keyA, eventTimeUs: 0, values: ["2"] }] });
    const [a, b] = await store.getRows({ group, keys: [keyA, ["a|b", "2026-01-02"]] });
    expect(a?.values.amount).toBe(2);
    expect(b).toBeNull();
  });

  it("reads several groups' rows for many keys in one call (the feature server's path)", async () => {
    const cards = makeGroup();
    const other = makeGroup({
      primaryKey: ["user_id"],
      features: featureList({ user_id: "int", score: "float", updated_at: "timestamp" }),
    });
    await store.upsertRows({ group: cards, rows: Array.from({ length: 300 }, (_, i) => row(i, T0, `t${i}`)) });
    await store.upsertRows({ group: other, rows: [{ key: ["7"], eventTimeUs: T0 * 1000, values: ["0.1", iso(T0)] }] });
    const [cardRows, otherRows] = await store.getRowsMulti({
      requests: [
        { group: cards, keys: [["5"], ["299"], ["300"]] },
        { group: other, keys: [["7"], ["8"]] },
      ],
      now: T0,
    });
    expect(cardRows.map((r) => r?.values.card_type ?? null)).toEqual(["t5", "t299", null]);
    expect(otherRows[0]?.values.score).toBeCloseTo(0.1, 6);
    expect(otherRows[1]).toBeNull();
  });

  it("drop removes every row of the group and nothing else", async () => {
    const group = makeGroup();
    const kept = makeGroup();
    await store.upsertRows({ group, rows: [row(1, T0, "a")] });
    await store.upsertRows({ group: kept, rows: [row(1, T0, "k")] });
    await store.drop({ group });
    await store.drop({ group });
    expect((await store.getRows({ group, keys: [["1"]], now: T0 }))[0]).toBeNull();
    expect((await store.getRows({ group: kept, keys: [["1"]], now: T0 }))[0]?.values.card_type).toBe("k");
  });
});

describe("canonical key values", () => {
  it("normalizes caller keys to the offline reader's text and names what is wrong", () => {
    expect(canonicalKeyValue("bigint", 42)).toEqual({ text: "42" });
    expect(canonicalKeyValue("bigint", " 0042 ")).toEqual({ text: "42" });
    expect(canonicalKeyValue("bigint", "9223372036854775807")).toEqual({ text: "9223372036854775807" });
    expect(canonicalKeyValue("int", 2 ** 31)).toEqual({ error: "is out of range for int" });
    expect(canonicalKeyValue("bigint", 1.5)).toHaveProperty("error");
    expect(canonicalKeyValue("timestamp", "2026-01-01T10:00:00Z")).toEqual({ text: "2026-01-01T10:00:00.000000Z" });
    expect(canonicalKeyValue("timestamp", "2026-01-01T10:00:00.123456Z")).toEqual({
      text: "2026-01-01T10:00:00.123456Z",
    });
    expect(canonicalKeyValue("date", "2026-13-45")).toHaveProperty("error");
    expect(canonicalKeyValue("boolean", "yes")).toHaveProperty("error");
  });
});
