"use client";

import {
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type SortingState,
} from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ArrowUpDown, Search } from "lucide-react";
import { useState } from "react";
import { Input } from "./input";
import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "./table";

export type { ColumnDef };

/** A sortable, filterable table over rows already in memory. Columns with `enableSorting: false` stay fixed. */
export const DataTable = <TRow,>({
  columns,
  data,
  caption,
  filterLabel,
  toolbar,
  initialSorting = [],
}: {
  columns: ColumnDef<TRow, unknown>[];
  data: TRow[];
  caption: string;
  filterLabel?: string;
  toolbar?: React.ReactNode;
  initialSorting?: SortingState;
}) => {
  const [sorting, setSorting] = useState<SortingState>(initialSorting);
  const [globalFilter, setGlobalFilter] = useState("");
  const table = useReactTable({
    data,
    columns,
    state: { sorting, globalFilter },
    onSortingChange: setSorting,
    onGlobalFilterChange: setGlobalFilter,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
  });
  const rows = table.getRowModel().rows;
  return (
    <div>
      {(filterLabel || toolbar) && (
        <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-4 py-2.5">
          {filterLabel && (
            <div className="relative w-full max-w-xs">
              <Search className="pointer-events-none absolute left-2.5 top-2.5 size-4 text-slate-500" aria-hidden />
              <Input
                type="search"
                aria-label={filterLabel}
                placeholder={`${filterLabel}…`}
                value={globalFilter}
                onValueChange={setGlobalFilter}
                className="h-8 pl-8"
              />
            </div>
          )}
          {toolbar}
        </div>
      )}
      <Table caption={caption}>
        <TableHead>
          {table.getHeaderGroups().map((headerGroup) => (
            <tr key={headerGroup.id}>
              {headerGroup.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                const label = flexRender(header.column.columnDef.header, header.getContext());
                return (
                  <TableHeaderCell
                    key={header.id}
                    aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                  >
                    {header.column.getCanSort() ? (
                      <button
                        type="button"
                        onClick={header.column.getToggleSortingHandler()}
                        className="-mx-1 inline-flex items-center gap-1 rounded px-1 uppercase hover:text-slate-900"
                      >
                        {label}
                        {sorted === "asc" ? (
                          <ArrowUp className="size-3" aria-hidden />
                        ) : sorted === "desc" ? (
                          <ArrowDown className="size-3" aria-hidden />
                        ) : (
                          <ArrowUpDown className="size-3 opacity-40" aria-hidden />
                        )}
                      </button>
                    ) : (
                      label
                    )}
                  </TableHeaderCell>
                );
              })}
            </tr>
          ))}
        </TableHead>
        <TableBody>
          {rows.map((row) => (
            <TableRow key={row.id}>
              {row.getVisibleCells().map((cell) => (
                <TableCell key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</TableCell>
              ))}
            </TableRow>
          ))}
          {rows.length === 0 && (
            <tr>
              <TableCell colSpan={columns.length} className="py-8 text-center text-slate-600">
                Nothing matches “{globalFilter}”.
              </TableCell>
            </tr>
          )}
        </TableBody>
      </Table>
    </div>
  );
};
