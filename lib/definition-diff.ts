// A definition (a feature group's or view's, as the history keeps it) as sections of lines, and a side-by-side
// line diff of two of them, like a code review (docs/history.md). Isomorphic: the API computes the diff with it,
// the console lays it out.

type TDefinitionSection = { title: string; lines: string[] };
type TDiffCell = { line: number; text: string } | null;
type TDiffRow = { kind: "same" | "added" | "removed" | "changed"; left: TDiffCell; right: TDiffCell };
export type TSectionDiff = { title: string; changed: boolean; rows: TDiffRow[] };

const TITLES: Record<string, string> = {
  description: "Description",
  keys: "Keys",
  settings: "Settings",
  features: "Schema",
  root: "Root",
  joins: "Joins",
  labels: "Labels",
  filter: "Filter",
  transformations: "Transformations",
  requestParameters: "Request parameters",
  onDemandFeatures: "On-demand features",
  helperColumns: "Helper columns",
  tags: "Tags",
  keywords: "Keywords",
};

const compact = (value: unknown): string => (typeof value === "string" ? value : JSON.stringify(value));

/** One section per top-level key: an array gives one line per item, an object one per key, a scalar one line. */
const definitionSections = (definition: Record<string, unknown>): TDefinitionSection[] =>
  Object.entries(definition).map(([key, value]) => {
    let lines: string[];
    if (Array.isArray(value)) lines = value.map(compact);
    else if (value && typeof value === "object")
      lines = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}: ${compact(v)}`);
    else if (value === null || value === undefined || value === "") lines = [];
    else lines = String(value).split("\n");
    return { title: TITLES[key] ?? key, lines };
  });

/** Longest-common-subsequence line diff; runs of removals followed by additions pair up as changes. */
const diffLines = (left: readonly string[], right: readonly string[]): TDiffRow[] => {
  const n = left.length;
  const m = right.length;
  const table: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i -= 1)
    for (let j = m - 1; j >= 0; j -= 1)
      table[i][j] = left[i] === right[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
  const rows: TDiffRow[] = [];
  let removed: TDiffCell[] = [];
  let added: TDiffCell[] = [];
  const flush = () => {
    const pairs = Math.max(removed.length, added.length);
    for (let k = 0; k < pairs; k += 1) {
      const l = removed[k] ?? null;
      const r = added[k] ?? null;
      rows.push({ kind: l && r ? "changed" : l ? "removed" : "added", left: l, right: r });
    }
    removed = [];
    added = [];
  };
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && left[i] === right[j]) {
      flush();
      rows.push({ kind: "same", left: { line: i + 1, text: left[i] }, right: { line: j + 1, text: right[j] } });
      i += 1;
      j += 1;
    } else if (j >= m || (i < n && table[i + 1][j] >= table[i][j + 1])) {
      removed.push({ line: i + 1, text: left[i] });
      i += 1;
    } else {
      added.push({ line: j + 1, text: right[j] });
      j += 1;
    }
  }
  flush();
  return rows;
};

/** Both definitions, section by section (a section either side lacks diffs against nothing). */
export const diffDefinitions = (left: Record<string, unknown>, right: Record<string, unknown>): TSectionDiff[] => {
  const leftSections = new Map(definitionSections(left).map((section) => [section.title, section.lines]));
  const rightSections = new Map(definitionSections(right).map((section) => [section.title, section.lines]));
  const titles = [...new Set([...leftSections.keys(), ...rightSections.keys()])];
  return titles.map((title) => {
    const rows = diffLines(leftSections.get(title) ?? [], rightSections.get(title) ?? []);
    return { title, changed: rows.some((row) => row.kind !== "same"), rows };
  });
};
