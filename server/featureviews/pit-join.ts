import "server-only";
import { quoteIdent } from "../offline";

// The point-in-time-correct join, as one DuckDB query. Pure: it builds SQL from relations (readTable's
// `sql`, pinned to a Delta version by the caller) and never runs anything. Rules (docs/feature-views.md):
// - one output row per spine row, in spine order (`_larder_row`), duplicates kept;
// - each joined group contributes its row with equal key and the latest event time ≤ the spine's event time
//   (DuckDB ASOF LEFT JOIN, whose `>=` is "right side not after the left side");
// - a match older than the group's TTL gives nulls (the latest match is too old ⇒ every match is too old);
// - null keys, null event times (either side) match nothing; a group without event time joins on key only;
// - a snowflake join takes its keys from an earlier join's columns and its row as of the spine's time too.

export const EVENT_TIME_TYPES = ["timestamp", "date", "bigint"] as const;
export type TEventTimeType = (typeof EVENT_TIME_TYPES)[number];

/** Spine row number column: the output order and the key of deterministic random splits. */
export const ROW_COLUMN = "_larder_row";
/** The spine's event time as TIMESTAMPTZ (null when the spine has none). */
export const TIME_COLUMN = "_larder_ts";

export type TPitColumn = { source: string; output: string | null };

export type TPitSpine = {
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
  relationSql: string;
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

export type TPitQuery = { spine: TPitSpine; joins: TPitJoin[] };

export const SPINE_ALIAS = "spine";

/** An event-time column as TIMESTAMPTZ. bigint event times are epoch milliseconds (docs/feature-views.md). */
export const eventTimeSql = (expression: string, type: TEventTimeType): string => {
  if (type === "timestamp") return `CAST(${expression} AS TIMESTAMPTZ)`;
  if (type === "date") return `CAST(CAST(${expression} AS TIMESTAMP) AS TIMESTAMPTZ)`;
  return `CAST(epoch_ms(${expression}) AS TIMESTAMPTZ)`;
};

type TCarried = Map<string, string>; // source column → internal column name

/**
 * Builds `SELECT _larder_row, _larder_ts, <output columns…> FROM … ORDER BY _larder_row`. Output columns
 * appear in spine-then-join order, each named by its `output`.
 */
export const buildPitJoinSql = ({ spine, joins }: TPitQuery): { sql: string; outputs: string[] } => {
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
    for (const column of usedAsLeftKey.get(alias) ?? []) if (!list.some((entry) => entry.source === column)) list.push({ source: column, output: null });
    return list;
  };

  const outputs: { internal: string; output: string }[] = [];
  const ctes: string[] = [];

  const spineColumns = columnsOf(SPINE_ALIAS, spine.columns);
  const spineMap: TCarried = new Map();
  const spineSelect = spineColumns.map((column, index) => {
    const internal = internalName(0, index);
    spineMap.set(column.source, internal);
    if (column.output !== null) outputs.push({ internal, output: column.output });
    const value = column.cast ? `CAST(t.${quoteIdent(column.source)} AS ${column.cast})` : `t.${quoteIdent(column.source)}`;
    return `${value} AS ${internal}`;
  });
  carried.set(SPINE_ALIAS, spineMap);
  const spineTime = spine.eventTime ? eventTimeSql(`t.${quoteIdent(spine.eventTime.column)}`, spine.eventTime.type) : "CAST(NULL AS TIMESTAMPTZ)";
  ctes.push(
    `_larder_step0 AS (SELECT ${spine.rowNumberSql} AS ${ROW_COLUMN}, ${spineTime} AS ${TIME_COLUMN}${spineSelect.map((s) => `, ${s}`).join("")} FROM ${spine.relationSql} AS t${spine.where ? ` WHERE ${spine.where}` : ""})`,
  );

  joins.forEach((join, joinIndex) => {
    const sourceIndex = joinIndex + 1;
    if (carried.has(join.alias)) throw new Error(`Duplicate join alias ${join.alias}`);
    if (join.leftOn.length !== join.rightOn.length || join.leftOn.length === 0) throw new Error(`Join ${join.alias}: leftOn and rightOn differ in length`);
    const leftKeys = join.leftOn.map((column) => need(join.left, column));
    const columns = columnsOf(join.alias, join.columns);
    const map: TCarried = new Map();
    const rightSelect = join.rightOn.map((column, index) => `${quoteIdent(column)} AS _larder_k${index}`);
    const rightValues = columns.map((column, index) => {
      const internal = internalName(sourceIndex, index);
      map.set(column.source, internal);
      if (column.output !== null) outputs.push({ internal, output: column.output });
      return { internal, select: `${quoteIdent(column.source)} AS ${internal}` };
    });
    // Null keys and null event times never match: filter them out of the right side once.
    const notNull = join.rightOn.map((column) => `${quoteIdent(column)} IS NOT NULL`);
    const right = `(SELECT ${[...rightSelect, ...(join.eventTime ? [`${eventTimeSql(quoteIdent(join.eventTime.column), join.eventTime.type)} AS _larder_et`] : []), ...rightValues.map((v) => v.select)].join(", ")} FROM ${join.relationSql} AS g WHERE ${[...notNull, ...(join.eventTime ? [`${quoteIdent(join.eventTime.column)} IS NOT NULL`] : [])].join(" AND ")})`;
    const equalities = leftKeys.map((internal, index) => `l.${internal} = r._larder_k${index}`);
    let joinClause: string;
    let keep = "TRUE";
    if (join.eventTime) {
      joinClause = `ASOF LEFT JOIN ${right} AS r ON ${equalities.join(" AND ")} AND l.${TIME_COLUMN} >= r._larder_et`;
      // DuckDB's ASOF matches a NULL left time to some row (found by the oracle test): a spine row without
      // an event time must get nothing from a group with one, so the CASE below enforces it.
      keep = `l.${TIME_COLUMN} IS NOT NULL`;
      if (join.ttlSeconds !== null) keep += ` AND r._larder_et >= l.${TIME_COLUMN} - to_seconds(${Math.trunc(join.ttlSeconds)})`;
    } else {
      joinClause = `LEFT JOIN ${right} AS r ON ${equalities.join(" AND ")}`;
    }
    const values = rightValues.map((v) => (keep === "TRUE" ? `r.${v.internal}` : `CASE WHEN ${keep} THEN r.${v.internal} END AS ${v.internal}`));
    ctes.push(`_larder_step${sourceIndex} AS (SELECT l.*${values.map((v) => `, ${v}`).join("")} FROM _larder_step${joinIndex} AS l ${joinClause})`);
    carried.set(join.alias, map);
  });

  const select = [ROW_COLUMN, TIME_COLUMN, ...outputs.map((column) => `${column.internal} AS ${quoteIdent(column.output)}`)];
  const sql = `WITH ${ctes.join(",\n")}\nSELECT ${select.join(", ")} FROM _larder_step${joins.length} ORDER BY ${ROW_COLUMN}`;
  return { sql, outputs: outputs.map((column) => column.output) };
};
