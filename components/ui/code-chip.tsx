/** A name from the data (a column, a key, an action) set as code. */
export const CodeChip = ({ children }: { children: React.ReactNode }) => (
  <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-800">{children}</code>
);

/** Column or key names as code chips that wrap, or `empty` when there are none. */
export const ColumnList = ({ names, empty = "—" }: { names: string[]; empty?: string }) =>
  names.length === 0 ? (
    <span className="text-slate-500">{empty}</span>
  ) : (
    <span className="flex flex-wrap gap-1">
      {names.map((name) => (
        <CodeChip key={name}>{name}</CodeChip>
      ))}
    </span>
  );
