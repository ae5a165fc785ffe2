import type { TFeatureType } from "@/lib/api/feature-groups";
import { rootAlias, type TBuilderDraft, type TGroupLookup } from "./builder-draft";

// What the view will produce, computed client-side with the rules of docs/feature-views.md: root columns
// (labels added if left out), then each join's selection with its prefix, then on-demand features.
// Serving keys are the root group's primary key. The server's answer after create is the authority.

export type TPreviewColumn = {
  name: string;
  type: TFeatureType | "on-demand";
  source: string;
  isLabel: boolean;
  isServingKey: boolean;
  isDuplicate: boolean;
};
export type TBuilderPreview = { columns: TPreviewColumn[]; servingKeys: { name: string; type: TFeatureType }[] };

export const previewOf = (draft: TBuilderDraft, lookup: TGroupLookup): TBuilderPreview => {
  const root = lookup(draft.root.featureGroup);
  if (!root) return { columns: [], servingKeys: [] };
  const typeIn = (group: typeof root, name: string) =>
    group.features.find((feature) => feature.name === name)?.type ?? "string";
  const columns: Omit<TPreviewColumn, "isDuplicate">[] = [];
  const rootNames = root.features
    .map((feature) => feature.name)
    .filter((name) => draft.root.selected.includes(name) || draft.labels.includes(name));
  for (const name of rootNames)
    columns.push({
      name,
      type: typeIn(root, name),
      source: rootAlias(draft),
      isLabel: draft.labels.includes(name),
      isServingKey: root.primaryKey.includes(name),
    });
  for (const join of draft.joins) {
    const group = lookup(join.featureGroup);
    if (!group) continue;
    for (const name of group.features
      .map((feature) => feature.name)
      .filter((feature) => join.selected.includes(feature))) {
      columns.push({
        name: `${join.prefix}${name}`,
        type: typeIn(group, name),
        source: join.alias,
        isLabel: false,
        isServingKey: false,
      });
    }
  }
  for (const feature of draft.onDemand)
    if (feature.name.trim())
      columns.push({
        name: feature.name.trim(),
        type: "on-demand",
        source: "on-demand",
        isLabel: false,
        isServingKey: false,
      });
  const counts = new Map<string, number>();
  for (const column of columns) counts.set(column.name, (counts.get(column.name) ?? 0) + 1);
  return {
    columns: columns.map((column) => ({ ...column, isDuplicate: (counts.get(column.name) ?? 0) > 1 })),
    servingKeys: root.primaryKey.map((name) => ({ name, type: typeIn(root, name) })),
  };
};
