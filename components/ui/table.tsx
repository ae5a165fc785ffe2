import type { ReactNode } from "react";
import { cn } from "@/lib/client/cn";
import { ScrollRegion } from "./scroll-region";

/**
 * A table with its caption for screen readers and, when `columns` is given, its header row (`false` leaves a column
 * out; the `numeric` ones are right-aligned). The wrapper scrolls a
 * table wider than its card and can take the focus, so keyboard users can scroll it too.
 */
export const Table = ({
  className,
  caption,
  columns,
  numeric,
  children,
  ...props
}: React.ComponentProps<"table"> & { caption?: string; columns?: (string | false)[]; numeric?: string[] }) => (
  <ScrollRegion label={caption}>
    <table className={cn("w-full border-collapse text-left text-sm", className)} {...props}>
      {caption && <caption className="sr-only">{caption}</caption>}
      {columns && (
        <TableHead>
          <tr>
            {columns.map(
              (column) =>
                column && (
                  <TableHeaderCell key={column} className={cn(numeric?.includes(column) && "text-right")}>
                    {column}
                  </TableHeaderCell>
                ),
            )}
          </tr>
        </TableHead>
      )}
      {children as ReactNode}
    </table>
  </ScrollRegion>
);

export const TableHead = ({ className, ...props }: React.ComponentProps<"thead">) => (
  <thead className={cn("border-b border-slate-200 bg-slate-50/80", className)} {...props} />
);

export const TableBody = ({ className, ...props }: React.ComponentProps<"tbody">) => (
  <tbody className={cn("divide-y divide-slate-100", className)} {...props} />
);

export const TableRow = ({ className, ...props }: React.ComponentProps<"tr">) => (
  <tr className={cn("hover:bg-slate-50/60", className)} {...props} />
);

export const TableHeaderCell = ({ className, ...props }: React.ComponentProps<"th">) => (
  <th
    scope="col"
    className={cn(
      "whitespace-nowrap px-4 py-2.5 text-xs font-medium uppercase tracking-wide text-slate-600",
      className,
    )}
    {...props}
  />
);

export const TableCell = ({ className, ...props }: React.ComponentProps<"td">) => (
  <td className={cn("px-4 py-3 align-middle text-slate-800", className)} {...props} />
);

type TInlineTableProps = {
  caption: ReactNode;
  columns: string[];
  headClassName?: string;
  headerCellClassName: string;
  children: ReactNode;
};

/**
 * A small table inside a card's text (no scroll box, no row hover): its caption for screen readers, a header row
 * whose cells take `headerCellClassName` (the last one without right padding), and its rows.
 */
export const InlineTable = ({ caption, columns, headClassName, headerCellClassName, children }: TInlineTableProps) => (
  <table className="w-full text-left text-sm">
    <caption className="sr-only">{caption}</caption>
    <thead className={cn("text-xs text-slate-600", headClassName)}>
      <tr>
        {columns.map((column, index) => (
          <th
            key={column}
            scope="col"
            className={cn("font-medium", headerCellClassName, index === columns.length - 1 && "pr-0")}
          >
            {column}
          </th>
        ))}
      </tr>
    </thead>
    <tbody className="divide-y divide-slate-100">{children}</tbody>
  </table>
);
