// A brute-force point-in-time join: nested loops over plain JS rows, written straight from the rules in
// docs/product.md, to check the SQL engine against. Times are numbers (seconds), keys compare by value.

export type TOracleValue = string | number | null;
export type TOracleRow = Record<string, TOracleValue>;

export type TOracleGroup = {
  alias: string;
  rows: TOracleRow[];
  primaryKey: string[];
  eventTime: string | null;
  ttlSeconds: number | null;
  left: string;
  leftOn: string[];
  rightOn: string[];
  /** source column → output column */
  columns: { source: string; output: string }[];
};

export type TOracleSpine = { rows: TOracleRow[]; eventTime: string; columns: { source: string; output: string }[] };

/** Upsert semantics of a feature group: the last write of a (primary key, event time) wins. */
export const applyUpserts = ({
  commits,
  primaryKey,
  eventTime,
}: {
  commits: TOracleRow[][];
  primaryKey: string[];
  eventTime: string | null;
}): TOracleRow[] => {
  const byKey = new Map<string, TOracleRow>();
  for (const commit of commits) {
    for (const row of commit)
      byKey.set(JSON.stringify([...primaryKey, ...(eventTime ? [eventTime] : [])].map((column) => row[column])), row);
  }
  return [...byKey.values()];
};

export const oraclePitJoin = ({ spine, groups }: { spine: TOracleSpine; groups: TOracleGroup[] }): TOracleRow[] =>
  spine.rows.map((spineRow) => {
    const time = spineRow[spine.eventTime] as number | null;
    const sides = new Map<string, TOracleRow | null>([["spine", spineRow]]);
    const output: TOracleRow = {};
    for (const column of spine.columns) output[column.output] = spineRow[column.source];
    for (const group of groups) {
      const left = sides.get(group.left) ?? null;
      const keys = group.leftOn.map((column) => (left ? left[column] : null));
      let match: TOracleRow | null = null;
      if (!keys.some((key) => key === null || key === undefined)) {
        for (const row of group.rows) {
          if (!group.rightOn.every((column, index) => row[column] !== null && row[column] === keys[index])) continue;
          if (group.eventTime === null) {
            match = row;
            continue;
          }
          const eventTime = row[group.eventTime] as number | null;
          if (eventTime === null || time === null || eventTime > time) continue;
          if (match === null || eventTime > (match[group.eventTime] as number)) match = row;
        }
        if (
          match &&
          group.eventTime &&
          group.ttlSeconds !== null &&
          (match[group.eventTime] as number) < (time as number) - group.ttlSeconds
        )
          match = null;
      }
      sides.set(group.alias, match);
      for (const column of group.columns) output[column.output] = match ? match[column.source] : null;
    }
    return output;
  });
