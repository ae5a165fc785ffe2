import "server-only";
import { quoteIdent } from "../offline";
import { ROW_COLUMN } from "./pit-join";
import type { TFeatureViewPlan } from "./plan";

// What a training dataset built from an uploaded spine holds, like Feast's entity_df and Hopsworks' spine groups:
// every spine column (serving keys, its event time under its own name, labels and any other columns it carries),
// in the spine's column order, then the view's features, rows in spine order. A serving key that is also a feature
// of the view appears once, where the spine has it, with the view's type. Any other spine column named like a
// feature or label of the view is refused (422 when the dataset is requested): the file cannot hold two columns of
// one name, and which one a reader got would depend on the reader. DuckDB compares names without case, so do we.

export class SpineError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = "SpineError";
  }
}

/** DuckDB's row id numbers the staged spine's rows (their order); a spine column of that name would hide it. */
const RESERVED = /^(rowid|_larder_.*)$/i;

/** Refuses spine column names that would hide the spine's row order or collide with the view's output. */
export const checkSpineColumnNames = ({ plan, columns }: { plan: TFeatureViewPlan; columns: string[] }) => {
  const servingKeys = new Set(plan.servingKeys.map((key) => key.name));
  const features = new Map(plan.featureTypes.map(([name]) => [name.toLowerCase(), name]));
  const seen = new Map<string, string>();
  for (const column of columns) {
    if (RESERVED.test(column))
      throw new SpineError(
        `The spine's column '${column}' has a reserved name (rowid and names starting with _larder_); rename it`,
        "spine",
      );
    const lower = column.toLowerCase();
    const earlier = seen.get(lower);
    if (earlier !== undefined)
      throw new SpineError(`The spine has two columns named '${earlier}' and '${column}'; rename one`, "spine");
    seen.set(lower, column);
    const feature = features.get(lower);
    if (feature !== undefined && !servingKeys.has(column))
      throw new SpineError(
        `The spine's column '${column}' has the name of the view's ${plan.labels.includes(feature) ? "label" : "feature"} '${feature}'; the dataset keeps every spine column, so rename it in the spine`,
        "spine",
      );
  }
};

/** Internal name of spine column i in the joined-back relation (no feature can be named so: reserved above). */
const spineAlias = (index: number) => `_larder_s${index}`;

/**
 * The FROM clause and select items of an uploaded-spine dataset: `rowsTable` (one row per spine row, ROW_COLUMN
 * = the spine's rowid) joined back to the staged spine table. `featureItems` are the view's output items (name →
 * SQL items, after transformations), in the view's order. Throws a SpineError when a generated column (one-hot
 * encoding) takes a spine column's name.
 */
export const spineOutputSql = ({
  plan,
  spineTable,
  spineColumns,
  rowsTable,
  featureItems,
}: {
  plan: TFeatureViewPlan;
  spineTable: string;
  spineColumns: string[];
  rowsTable: string;
  featureItems: [string, { name: string; sql: string }[]][];
}): { from: string; items: string[] } => {
  const servingKeys = new Set(plan.servingKeys.map((key) => key.name));
  const byFeature = new Map(featureItems);
  const placed = new Set<string>();
  const items: { name: string; sql: string }[] = spineColumns.flatMap((column, index) => {
    if (servingKeys.has(column) && byFeature.has(column)) {
      placed.add(column);
      return byFeature.get(column)!;
    }
    return [{ name: column, sql: `s.${spineAlias(index)}` }];
  });
  for (const [feature, generated] of featureItems) if (!placed.has(feature)) items.push(...generated);
  const names = new Set<string>();
  for (const item of items) {
    if (names.has(item.name.toLowerCase()))
      throw new SpineError(
        `The output column '${item.name}' (from a transformation of the view) has the name of a spine column; rename it in the spine`,
        "spine",
      );
    names.add(item.name.toLowerCase());
  }
  const spineSelect = spineColumns.map((column, index) => `${quoteIdent(column)} AS ${spineAlias(index)}`);
  return {
    from: `${rowsTable} JOIN (SELECT rowid AS _larder_srow${spineSelect.map((s) => `, ${s}`).join("")} FROM ${spineTable}) AS s ON s._larder_srow = ${rowsTable}.${ROW_COLUMN}`,
    items: items.map((item) => `${item.sql} AS ${quoteIdent(item.name)}`),
  };
};
