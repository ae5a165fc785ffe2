import { Table, TableBody, TableCell, TableHead, TableHeaderCell, TableRow } from "@/components/ui/table";
import { cn } from "@/lib/client/cn";
import { formatCellValue, isIdColumnName, isNumericType } from "@/lib/client/format-values";

/** `isKey`: an identifier, shown without thousands separators (as is any column named `id` or `…_id`). */
export type TValueColumn = { name: string; type: string; isKey?: boolean };

/** Feature values: numbers right-aligned, timestamps readable, nulls a muted "null". */
export const ValuesTable = ({
  columns,
  rows,
  caption,
}: {
  columns: TValueColumn[];
  rows: Record<string, unknown>[];
  caption: string;
}) => (
  <Table className="text-xs">
    <caption className="sr-only">{caption}</caption>
    <TableHead>
      <tr>
        {columns.map((column) => (
          <TableHeaderCell
            key={column.name}
            className={cn("normal-case tracking-normal", isNumericType(column.type) && "text-right")}
          >
            <span className="block font-mono text-slate-800">{column.name}</span>
            <span className="block font-normal text-slate-500">{column.type}</span>
          </TableHeaderCell>
        ))}
      </tr>
    </TableHead>
    <TableBody>
      {rows.map((row, index) => (
        <TableRow key={index}>
          {columns.map((column) => {
            const value = row[column.name];
            const isNull = value === null || value === undefined;
            return (
              <TableCell
                key={column.name}
                className={cn(
                  "whitespace-nowrap py-2 font-mono",
                  isNumericType(column.type) && "text-right tabular-nums",
                  isNull && "italic text-slate-500",
                )}
              >
                {(column.isKey || isIdColumnName(column.name)) && !isNull
                  ? String(value)
                  : formatCellValue(value, column.type)}
              </TableCell>
            );
          })}
        </TableRow>
      ))}
    </TableBody>
  </Table>
);
