"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import type { TPreviewShape } from "@/lib/client/feature-store";

const optionsOf = (names: string[]) => names.map((name) => <option key={name}>{name}</option>);

/**
 * The Data tab's key filter and sort. Both run on the server (the tab shows only the first rows of a commit),
 * and the key is sent as typed text, so a bigint key above 2^53 is matched exactly.
 */
export const PreviewControls = ({
  keyColumns,
  columns,
  shape,
  onChange,
}: {
  keyColumns: string[];
  columns: string[];
  shape: TPreviewShape;
  onChange: (shape: TPreviewShape) => void;
}) => {
  const [key, setKey] = useState(shape.key ?? "");
  const [keyColumn, setKeyColumn] = useState(shape.keyColumn ?? keyColumns[0] ?? "");
  const applyKey = (event: React.FormEvent) => {
    event.preventDefault();
    const trimmed = key.trim();
    onChange({
      ...shape,
      key: trimmed || undefined,
      keyColumn: trimmed && keyColumns.length > 1 ? keyColumn : undefined,
    });
  };
  return (
    <div className="flex flex-wrap items-center gap-3">
      <form onSubmit={applyKey} className="flex items-center gap-2" role="search" aria-label="Filter rows by key">
        {keyColumns.length > 1 && (
          <Select
            aria-label="Key column"
            className="h-8 w-auto font-mono text-xs"
            value={keyColumn}
            onChange={(event) => setKeyColumn(event.target.value)}
          >
            {optionsOf(keyColumns)}
          </Select>
        )}
        <Input
          aria-label={`Filter by ${keyColumns.length > 1 ? "key" : (keyColumns[0] ?? "key")}`}
          className="h-8 w-48 font-mono text-xs"
          placeholder={`${keyColumns.length > 1 ? "key" : (keyColumns[0] ?? "key")} equals…`}
          value={key}
          onChange={(event) => setKey(event.target.value)}
          spellCheck={false}
          autoComplete="off"
        />
        <Button type="submit" size="sm" variant="secondary">
          Filter
        </Button>
        {shape.key !== undefined && (
          <Button
            type="button"
            size="sm"
            variant="ghost"
            onClick={() => {
              setKey("");
              onChange({ ...shape, key: undefined, keyColumn: undefined });
            }}
          >
            Clear
          </Button>
        )}
      </form>
      <label className="flex items-center gap-2 text-sm text-slate-800">
        Sort by
        <Select
          className="h-8 w-auto font-mono text-xs"
          value={shape.sort ?? ""}
          onChange={(event) => onChange({ ...shape, sort: event.target.value || undefined })}
        >
          <option value="">Event time, key</option>
          {optionsOf(columns)}
        </Select>
      </label>
      <label className="flex items-center gap-2 text-sm text-slate-800">
        Order
        <Select
          className="h-8 w-auto text-xs"
          value={shape.order ?? "asc"}
          onChange={(event) => onChange({ ...shape, order: event.target.value === "desc" ? "desc" : "asc" })}
        >
          <option value="asc">Ascending</option>
          <option value="desc">Descending</option>
        </Select>
      </label>
    </div>
  );
};
