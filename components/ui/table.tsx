import { cn } from "@/lib/client/cn";

export const Table = ({ className, ...props }: React.ComponentProps<"table">) => (
  <div className="overflow-x-auto">
    <table className={cn("w-full border-collapse text-left text-sm", className)} {...props} />
  </div>
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
