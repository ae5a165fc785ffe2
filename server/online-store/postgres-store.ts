import "server-only";
import pg from "pg";
import type { TFeatureType } from "@/lib/api/feature-groups";
import { decodeRow, hasCurrentCodec, isExpired, keyFeatures, parseLines, valueFeatures } from "./codec";
import type { TOnlineGroup, TOnlineReadRow, TOnlineStore, TOnlineWriteRow } from "./types";

// PostgreSQL layout: schema `larder_online`, one table per online-enabled feature group named `fg_…` after its
// id, primary key = the group's primary key, one typed column per feature, `_event_time` (timestamptz, µs) and
// `_written_at`. Upserts are one INSERT … SELECT FROM unnest(text arrays) … ON CONFLICT DO UPDATE … WHERE
// excluded._event_time >= t._event_time, so a late, older event never replaces a newer row.

const DEFAULT_ONLINE_SCHEMA = "larder_online";
// Rows per INSERT statement: 10 text arrays of 5k values stay well under PostgreSQL's message limits.
const ROWS_PER_STATEMENT = 5_000;
// Ids are ours (newId), but they become table names: allow nothing that needs more than quoting.
const GROUP_ID_PATTERN = /^[A-Za-z0-9_]{1,60}$/;
const SCHEMA_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;
// Pool size: one store per process; reads of several groups go out in parallel on these connections.
const POOL_SIZE = 8;

const PG_TYPES: Record<TFeatureType, string> = {
  int: "integer",
  bigint: "bigint",
  float: "real",
  double: "double precision",
  string: "text",
  boolean: "boolean",
  date: "date",
  timestamp: "timestamptz",
  "array<float>": "real[]",
};

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Canonical text → typed value, in SQL (the inverse of `toText`). */
const fromText = (type: TFeatureType, expression: string) =>
  type === "array<float>" ? `translate(${expression}, '[]', '{}')::real[]` : `${expression}::${PG_TYPES[type]}`;

/** Typed column → canonical text, in SQL. */
const toText = (type: TFeatureType, column: string) => {
  if (type === "timestamp") return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
  if (type === "date") return `to_char(${column}, 'YYYY-MM-DD')`;
  if (type === "array<float>") return `array_to_json(${column})::text`;
  return `${column}::text`;
};

const EVENT_TIME_US_SQL = `(extract(epoch FROM t._event_time) * 1000000)::bigint::text`;

export const createPostgresOnlineStore = ({
  connectionString,
  schema = DEFAULT_ONLINE_SCHEMA,
}: {
  connectionString: string;
  schema?: string;
}): TOnlineStore => {
  if (!SCHEMA_PATTERN.test(schema)) throw new Error(`Invalid online schema name '${schema}'`);
  const pool = new pg.Pool({ connectionString, max: POOL_SIZE });
  // An idle connection dropped by the server (restart, outage) is emitted on the pool; unhandled, that would crash
  // the worker or the feature server. The pool replaces the connection; the next query reports a real failure.
  pool.on("error", () => {});
  // Groups whose table matches their current feature list in this process: skip the DDL round trips.
  const ensured = new Map<string, string>();

  const table = (group: TOnlineGroup) => {
    if (!GROUP_ID_PATTERN.test(group.id)) throw new Error(`Invalid feature group id '${group.id}'`);
    return `${ident(schema)}.${ident(`fg_${group.id.toLowerCase()}`)}`;
  };

  const ensure: TOnlineStore["ensure"] = async ({ group }) => {
    const signature = JSON.stringify([group.primaryKey, group.features]);
    if (ensured.get(group.id) === signature) return;
    const columns = group.features.map(
      (feature) =>
        `${ident(feature.name)} ${PG_TYPES[feature.type]}${group.primaryKey.includes(feature.name) ? " NOT NULL" : ""}`,
    );
    const client = await pool.connect();
    try {
      // Concurrent first writers may race on CREATE … IF NOT EXISTS (a unique violation in pg_namespace/pg_type):
      // an advisory lock per schema serializes the DDL.
      await client.query("BEGIN");
      await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`larder_online_ddl:${schema}`]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${ident(schema)}`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${table(group)} (${columns.join(", ")}, _event_time timestamptz NOT NULL, _written_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (${group.primaryKey.map(ident).join(", ")}))`,
      );
      // Schema evolution appends nullable features: add what the table lacks.
      for (const feature of valueFeatures(group))
        await client.query(
          `ALTER TABLE ${table(group)} ADD COLUMN IF NOT EXISTS ${ident(feature.name)} ${PG_TYPES[feature.type]}`,
        );
      await client.query("COMMIT");
      ensured.set(group.id, signature);
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  };

  const keyArrays = (group: TOnlineGroup, keys: string[][]) =>
    keyFeatures(group).map((_, index) => keys.map((key) => key[index]));

  const upsertRows: TOnlineStore["upsertRows"] = async ({ group, rows }) => {
    await ensure({ group });
    const keys = keyFeatures(group);
    const values = valueFeatures(group);
    const columns = [...keys, ...values];
    const keyList = keys.map((feature) => ident(feature.name)).join(", ");
    const unnestArgs = [...columns.map((_, index) => `$${index + 1}::text[]`), `$${columns.length + 1}::bigint[]`];
    const aliases = [...columns.map((_, index) => `c${index}`), "t_us"];
    const sql =
      `INSERT INTO ${table(group)} AS t (${[...columns.map((feature) => ident(feature.name)), "_event_time", "_written_at"].join(", ")}) ` +
      `SELECT ${columns.map((feature, index) => fromText(feature.type, `u.c${index}`)).join(", ")}, 'epoch'::timestamptz + u.t_us * interval '1 microsecond', now() ` +
      `FROM unnest(${unnestArgs.join(", ")}) AS u(${aliases.join(", ")}) ` +
      `ON CONFLICT (${keyList}) DO UPDATE SET ${[...values.map((feature) => `${ident(feature.name)} = excluded.${ident(feature.name)}`), "_event_time = excluded._event_time", "_written_at = excluded._written_at"].join(", ")} ` +
      `WHERE excluded._event_time >= t._event_time`;
    let written = 0;
    for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
      // ON CONFLICT cannot touch a row twice in one statement: keep the latest row per key (the last on ties).
      const latest = new Map<string, TOnlineWriteRow>();
      for (const row of rows.slice(start, start + ROWS_PER_STATEMENT)) {
        const id = JSON.stringify(row.key);
        const existing = latest.get(id);
        if (!existing || existing.eventTimeUs <= row.eventTimeUs) latest.set(id, row);
      }
      const batch = [...latest.values()];
      const params = [
        ...keyArrays(
          group,
          batch.map((row) => row.key),
        ),
        ...values.map((_, index) => batch.map((row) => row.values[index])),
        batch.map((row) => String(row.eventTimeUs)),
      ];
      const result = await pool.query(sql, params);
      written += result.rowCount ?? 0;
    }
    return written;
  };

  const readGroup = async ({
    group,
    keys,
    now,
  }: {
    group: TOnlineGroup;
    keys: string[][];
    now: number;
  }): Promise<(TOnlineReadRow | null)[]> => {
    if (keys.length === 0) return [];
    // Rows written by an older codec are not served (codec.ts hasCurrentCodec): they read as absent until rebuilt.
    if (!hasCurrentCodec(group)) return keys.map(() => null);
    await ensure({ group });
    const keyColumns = keyFeatures(group);
    const values = valueFeatures(group);
    const sql =
      `SELECT u.ord::int AS ord, ${EVENT_TIME_US_SQL} AS t_us${values.map((feature, index) => `, ${toText(feature.type, `t.${ident(feature.name)}`)} AS v${index}`).join("")} ` +
      `FROM unnest(${keyColumns.map((_, index) => `$${index + 1}::text[]`).join(", ")}) WITH ORDINALITY AS u(${keyColumns.map((_, index) => `k${index}`).join(", ")}, ord) ` +
      `JOIN ${table(group)} AS t ON ${keyColumns.map((feature, index) => `t.${ident(feature.name)} = ${fromText(feature.type, `u.k${index}`)}`).join(" AND ")}`;
    const result = await pool.query(sql, keyArrays(group, keys));
    const rows: (TOnlineReadRow | null)[] = keys.map(() => null);
    for (const record of result.rows as Record<string, string | null>[]) {
      const eventTimeUs = Number(record.t_us);
      if (isExpired({ group, eventTimeUs, now })) continue;
      rows[Number(record.ord) - 1] = decodeRow({
        group,
        eventTimeUs,
        texts: values.map((_, index) => record[`v${index}`]),
      });
    }
    return rows;
  };

  const getRowsMulti: TOnlineStore["getRowsMulti"] = async ({ requests, now = Date.now() }) =>
    Promise.all(requests.map(({ group, keys }) => readGroup({ group, keys, now })));

  return {
    kind: "postgres",
    writeOrder: "key",
    ensure,
    drop: async ({ group }) => {
      await pool.query(`DROP TABLE IF EXISTS ${table(group)}`);
      ensured.delete(group.id);
    },
    clear: async ({ group }) => {
      await ensure({ group });
      await pool.query(`TRUNCATE ${table(group)}`);
    },
    // Rows and the table's total size (heap, indexes, TOAST); a group never written has no table: nothing.
    measure: async ({ group }) => {
      const name = table(group);
      const { rows } = await pool.query<{ size: string | null }>(
        "SELECT pg_total_relation_size(to_regclass($1)) AS size",
        [name],
      );
      if (rows[0]?.size === null || rows[0]?.size === undefined) return { keys: 0, bytes: 0 };
      const count = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${name}`);
      return { keys: Number(count.rows[0].n), bytes: Number(rows[0].size) };
    },
    upsertRows,
    upsertLines: async ({ group, text }) => upsertRows({ group, rows: parseLines(text) }),
    deleteKeys: async ({ group, keys }) => {
      if (keys.length === 0) return;
      await ensure({ group });
      const keyColumns = keyFeatures(group);
      await pool.query(
        `DELETE FROM ${table(group)} AS t USING unnest(${keyColumns.map((_, index) => `$${index + 1}::text[]`).join(", ")}) AS u(${keyColumns.map((_, index) => `k${index}`).join(", ")}) ` +
          `WHERE ${keyColumns.map((feature, index) => `t.${ident(feature.name)} = ${fromText(feature.type, `u.k${index}`)}`).join(" AND ")}`,
        keyArrays(group, keys),
      );
    },
    getRows: async ({ group, keys, now = Date.now() }) => readGroup({ group, keys, now }),
    getRowsMulti,
    ping: async () => {
      await pool.query("SELECT 1");
    },
    close: async () => pool.end(),
  };
};
