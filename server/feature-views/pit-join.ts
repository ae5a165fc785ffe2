import "server-only";
import {
  type DuckDBConnection,
  eventTimeInstantSql,
  EVENT_TIME_TYPES,
  queryJsonRows,
  quoteIdent,
  type TEventTimeType,
} from "../offline";

// The point-in-time-correct join, as a few DuckDB statements over temp tables and one final query. Pure: it
// builds SQL from relations (readTable's `sql` with `rowId`, pinned to a Delta version by the caller) and
// never runs anything; runPitJoin runs it. Rules (docs/feature-views.md):
// - one output row per spine row, in spine order (`_larder_row`), duplicates kept;
// - each joined group contributes its row with equal key and the latest event time ≤ the spine's event time
//   (DuckDB ASOF LEFT JOIN, whose `>=` is "right side not after the left side");
// - a match older than the group's TTL gives nulls (the latest match is too old ⇒ every match is too old);
// - null keys, null event times (either side) match nothing; a group without event time joins on key only;
// - a snowflake join takes its keys from an earlier join's columns and its row as of the spine's time too.

export { type TEventTimeType };

/** Spine row number column: the output order and the key of deterministic random splits. */
export const ROW_COLUMN = "_larder_row";
/** The spine's event time as TIMESTAMPTZ (null when the spine has none). */
export const TIME_COLUMN = "_larder_ts";

export type TPitColumn = { source: string; output: string | null };

type TPitSpine = {
  /** A relation: `FROM ${relationSql} AS t`. */
  relationSql: string;
  eventTime: { column: string; type: TEventTimeType } | null;
  /** SQL for the row number, evaluated over `t` (e.g. `rowid`, or a row_number() window over a unique order). */
  rowNumberSql: string;
  /** Optional predicate over `t` (raw SQL built by server code only). */
  where?: string;
  /** Spine columns: `output: null` means carried for later joins only. `cast` forces a DuckDB type. */
  columns: (TPitColumn & { cast?: string })[];
};

export type TPitJoin = {
  alias: string;
  /** The group's rows; must carry `rowId`. */
  relationSql: string;
  /** A column of `relationSql` unique to each row and equal in every scan of it (readTable's `rowId`). */
  rowId: string;
  /** Alias of the left side: "spine" or an earlier join's alias. */
  left: string;
  /** Column names of the left side's source (spine column or the earlier group's column). */
  leftOn: string[];
  rightOn: string[];
  eventTime: { column: string; type: TEventTimeType } | null;
  ttlSeconds: number | null;
  /** Columns this join contributes to the output (`output: null`: carried for later joins only). */
  columns: TPitColumn[];
};

export type TPitQuery = {
  spine: TPitSpine;
  joins: TPitJoin[];
  /** Order the final query by spine row (default); callers that order later (per split) skip the sort. */
  ordered?: boolean;
};

export const SPINE_ALIAS = "spine";

/**
 * An event-time column as TIMESTAMPTZ: the one definition in server/offline/event-time.ts (bigint = epoch
 * milliseconds), which the online store uses too.
 */
export const eventTimeSql = (expression: string, type: TEventTimeType): string =>
  eventTimeInstantSql({ expression, type });

type TCarried = Map<string, string>; // source column → internal column name

/** Temp tables the join's statements create: the spine, and per join its matched row ids and its values. */
const SPINE_TABLE = "_larder_pit_spine";
const matchTable = (index: number) => `_larder_pit_match${index}`;
const valuesTable = (index: number) => `_larder_pit_values${index}`;

export type TPitPlan = {
  /** Run these first, in order, on the connection that will run `sql` (they create temp tables). */
  statements: string[];
  /** `SELECT _larder_row, _larder_ts, <outputs…> … ORDER BY _larder_row`. */
  sql: string;
  outputs: string[];
  /** Drops the temp tables; run when done with `sql`'s result. */
  cleanup: string[];
};

/**
 * Plans the join as statements over temp tables, one group at a time, in two steps per group:
 * 1. match: an ASOF LEFT JOIN (a plain LEFT JOIN without event time) of the left side's keys and times with
 *    only the group's keys, event time and row id, giving each spine row the row id of its match (or NULL
 *    when the match is older than the TTL or the spine row has no time). Sorting narrow rows is what makes
 *    an ASOF join fast; carrying every feature through it was three to four times slower;
 * 2. values: the matched rows' columns, fetched by row id with a hash join built on the (small) match table.
 * The final SELECT puts the spine and every group's values together by spine row. Output columns appear in
 * spine-then-join order, each named by its `output`.
 */
export const buildPitJoinSql = ({ spine, joins, ordered = true }: TPitQuery): TPitPlan => {
  const carried = new Map<string, TCarried>();
  const internalName = (sourceIndex: number, columnIndex: number) => `_larder_c${sourceIndex}_${columnIndex}`;
  const need = (alias: string, column: string) => {
    const map = carried.get(alias);
    if (!map) throw new Error(`Unknown join side ${alias}`);
    if (!map.has(column)) throw new Error(`Column ${column} of ${alias} is not carried`);
    return map.get(column)!;
  };

  // Which columns each source must carry: its outputs plus what later joins use as left keys.
  const usedAsLeftKey = new Map<string, Set<string>>();
  for (const join of joins) {
    const set = usedAsLeftKey.get(join.left) ?? new Set<string>();
    join.leftOn.forEach((column) => set.add(column));
    usedAsLeftKey.set(join.left, set);
  }
  const columnsOf = (alias: string, declared: TPitColumn[]): (TPitColumn & { cast?: string })[] => {
    const list: (TPitColumn & { cast?: string })[] = [...declared];
    for (const column of usedAsLeftKey.get(alias) ?? [])
      if (!list.some((entry) => entry.source === column)) list.push({ source: column, output: null });
    return list;
  };

  const outputs: { internal: string; output: string; table: string }[] = [];
  const statements: string[] = [];
  const tableOf = new Map<string, string>([[SPINE_ALIAS, SPINE_TABLE]]);

  const spineColumns = columnsOf(SPINE_ALIAS, spine.columns);
  const spineMap: TCarried = new Map();
  const spineSelect = spineColumns.map((column, index) => {
    const internal = internalName(0, index);
    spineMap.set(column.source, internal);
    if (column.output !== null) outputs.push({ internal, output: column.output, table: "s" });
    const value = column.cast
      ? `CAST(t.${quoteIdent(column.source)} AS ${column.cast})`
      : `t.${quoteIdent(column.source)}`;
    return `${value} AS ${internal}`;
  });
  carried.set(SPINE_ALIAS, spineMap);
  const spineTime = spine.eventTime
    ? eventTimeSql(`t.${quoteIdent(spine.eventTime.column)}`, spine.eventTime.type)
    : "CAST(NULL AS TIMESTAMPTZ)";
  statements.push(
    `CREATE OR REPLACE TEMP TABLE ${SPINE_TABLE} AS SELECT ${spine.rowNumberSql} AS ${ROW_COLUMN}, ${spineTime} AS ${TIME_COLUMN}${spineSelect.map((s) => `, ${s}`).join("")} FROM ${spine.relationSql} AS t${spine.where ? ` WHERE ${spine.where}` : ""}`,
  );

  joins.forEach((join, joinIndex) => {
    const sourceIndex = joinIndex + 1;
    if (carried.has(join.alias)) throw new Error(`Duplicate join alias ${join.alias}`);
    if (join.leftOn.length !== join.rightOn.length || join.leftOn.length === 0)
      throw new Error(`Join ${join.alias}: leftOn and rightOn differ in length`);
    const leftKeys = join.leftOn.map((column) => need(join.left, column));
    // The left side: every spine row with its time and the key columns (from the spine or an earlier group).
    const left =
      join.left === SPINE_ALIAS
        ? `(SELECT ${ROW_COLUMN}, ${TIME_COLUMN}, ${leftKeys.join(", ")} FROM ${SPINE_TABLE})`
        : `(SELECT s.${ROW_COLUMN}, s.${TIME_COLUMN}, ${leftKeys.map((key) => `v.${key}`).join(", ")} FROM ${SPINE_TABLE} AS s JOIN ${tableOf.get(join.left)} AS v USING (${ROW_COLUMN}))`;
    // Null keys and null event times never match: filter them out of the right side once.
    const notNull = [...join.rightOn, ...(join.eventTime ? [join.eventTime.column] : [])].map(
      (column) => `${quoteIdent(column)} IS NOT NULL`,
    );
    const narrow = [
      ...join.rightOn.map((column, index) => `${quoteIdent(column)} AS _larder_k${index}`),
      ...(join.eventTime
        ? [`${eventTimeSql(quoteIdent(join.eventTime.column), join.eventTime.type)} AS _larder_et`]
        : []),
      `${quoteIdent(join.rowId)} AS _larder_rid`,
    ];
    const right = `(SELECT ${narrow.join(", ")} FROM ${join.relationSql} AS g WHERE ${notNull.join(" AND ")})`;
    const equalities = leftKeys.map((internal, index) => `l.${internal} = r._larder_k${index}`);
    let match: string;
    if (join.eventTime) {
      // DuckDB's ASOF matches a NULL left time to some row (found by the oracle test): a spine row without
      // an event time must get nothing from a group with one, so the CASE below enforces it.
      let keep = `l.${TIME_COLUMN} IS NOT NULL`;
      if (join.ttlSeconds !== null)
        keep += ` AND r._larder_et >= l.${TIME_COLUMN} - to_seconds(${Math.trunc(join.ttlSeconds)})`;
      match = `SELECT l.${ROW_COLUMN}, CASE WHEN ${keep} THEN r._larder_rid END AS _larder_rid FROM ${left} AS l ASOF LEFT JOIN ${right} AS r ON ${equalities.join(" AND ")} AND l.${TIME_COLUMN} >= r._larder_et`;
    } else {
      match = `SELECT l.${ROW_COLUMN}, r._larder_rid FROM ${left} AS l LEFT JOIN ${right} AS r ON ${equalities.join(" AND ")}`;
    }
    statements.push(`CREATE OR REPLACE TEMP TABLE ${matchTable(sourceIndex)} AS ${match}`);

    const columns = columnsOf(join.alias, join.columns);
    const map: TCarried = new Map();
    const values = columns.map((column, index) => {
      const internal = internalName(sourceIndex, index);
      map.set(column.source, internal);
      if (column.output !== null) outputs.push({ internal, output: column.output, table: `v${sourceIndex}` });
      return `g.${quoteIdent(column.source)} AS ${internal}`;
    });
    statements.push(
      `CREATE OR REPLACE TEMP TABLE ${valuesTable(sourceIndex)} AS SELECT m.${ROW_COLUMN}${values.map((v) => `, ${v}`).join("")} FROM ${matchTable(sourceIndex)} AS m LEFT JOIN ${join.relationSql} AS g ON g.${quoteIdent(join.rowId)} = m._larder_rid`,
    );
    carried.set(join.alias, map);
    tableOf.set(join.alias, valuesTable(sourceIndex));
  });

  const select = [
    `s.${ROW_COLUMN}`,
    `s.${TIME_COLUMN}`,
    ...outputs.map((column) => `${column.table}.${column.internal} AS ${quoteIdent(column.output)}`),
  ];
  const from = [
    `${SPINE_TABLE} AS s`,
    ...joins.map(
      (_, joinIndex) => `LEFT JOIN ${valuesTable(joinIndex + 1)} AS v${joinIndex + 1} USING (${ROW_COLUMN})`,
    ),
  ];
  const sql = `SELECT ${select.join(", ")} FROM ${from.join(" ")}${ordered ? ` ORDER BY ${ROW_COLUMN}` : ""}`;
  const cleanup = [
    SPINE_TABLE,
    ...joins.flatMap((_, joinIndex) => [matchTable(joinIndex + 1), valuesTable(joinIndex + 1)]),
  ].map((table) => `DROP TABLE IF EXISTS ${table}`);
  return { statements, sql, outputs: outputs.map((column) => column.output), cleanup };
};

/** Runs a planned join's statements, then `work` (which may query `plan.sql`), then drops the temp tables. */
export const withPitJoin = async <T>(
  connection: DuckDBConnection,
  plan: Pick<TPitPlan, "statements" | "cleanup">,
  work: () => Promise<T>,
  signal?: AbortSignal,
): Promise<T> => {
  try {
    for (const statement of plan.statements) {
      signal?.throwIfAborted();
      await connection.run(statement);
    }
    return await work();
  } finally {
    for (const statement of plan.cleanup) await connection.run(statement).catch(() => {});
  }
};

/** Plans and runs a join, returning its rows as JSON-safe objects (tests and small reads). */
export const runPitJoin = async (
  connection: DuckDBConnection,
  query: TPitQuery,
): Promise<Record<string, unknown>[]> => {
  const plan = buildPitJoinSql(query);
  return withPitJoin(connection, plan, () => queryJsonRows(connection, plan.sql));
};
