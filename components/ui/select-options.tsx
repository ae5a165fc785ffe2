/** The options of a `Select`: one per value, shown as its label (or as the value itself). */
export const Options = <TValue extends string>({
  values,
  labels,
}: {
  values: readonly TValue[];
  labels?: Record<TValue, string>;
}) =>
  values.map((value) => (
    <option key={value} value={value}>
      {labels ? labels[value] : value}
    </option>
  ));

type TVersioned = { id: string; name: string; version: number };

/** One option per version of a feature group (or another versioned object), shown as "name v2". */
export const VersionOptions = <TItem extends TVersioned>({
  items,
  valueOf,
}: {
  items: readonly TItem[];
  valueOf: (item: TItem) => string;
}) =>
  items.map((item) => (
    <option key={item.id} value={valueOf(item)}>
      {item.name} v{item.version}
    </option>
  ));
