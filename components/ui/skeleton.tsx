import { cn } from "@/lib/client/cn";

export const Skeleton = ({ className, ...props }: React.ComponentProps<"div">) => (
  <div aria-hidden className={cn("animate-pulse rounded-md bg-slate-200/80", className)} {...props} />
);

/** Placeholder rows for a table that is loading; announced once to screen readers. */
export const TableSkeleton = ({
  rows = 4,
  columns = 4,
  label = "Loading",
}: {
  rows?: number;
  columns?: number;
  label?: string;
}) => (
  <div role="status" aria-label={label} className="divide-y divide-slate-100">
    {Array.from({ length: rows }, (_, row) => (
      <div key={row} className="flex items-center gap-6 px-4 py-3.5">
        {Array.from({ length: columns }, (_, column) => (
          <Skeleton key={column} className={cn("h-4", column === 0 ? "w-40" : "flex-1")} />
        ))}
      </div>
    ))}
  </div>
);
