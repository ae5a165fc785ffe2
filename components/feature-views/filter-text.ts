import type { TFilter } from "@/lib/api/feature-views";

// A stored filter tree as one readable line: amount > 100 and (category in ('food', 'travel') or is_premium = true).

const literal = (value: string | number | boolean): string =>
  typeof value === "string" ? `'${value.replaceAll("'", "''")}'` : String(value);
const OP_TEXT: Record<string, string> = {
  "!=": "≠",
  "<=": "≤",
  ">=": "≥",
  not_in: "not in",
  is_null: "is null",
  is_not_null: "is not null",
};

export const filterText = (filter: TFilter, isNested = false): string => {
  if ("and" in filter || "or" in filter) {
    const [combinator, children] = "and" in filter ? ["and", filter.and] : ["or", filter.or];
    const text = children.map((child) => filterText(child, true)).join(` ${combinator} `);
    return isNested && children.length > 1 ? `(${text})` : text;
  }
  const op = OP_TEXT[filter.op] ?? filter.op;
  if ("values" in filter) return `${filter.feature} ${op} (${filter.values.map(literal).join(", ")})`;
  if ("value" in filter) return `${filter.feature} ${op} ${literal(filter.value)}`;
  return `${filter.feature} ${op}`;
};
