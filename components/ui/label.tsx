import { cn } from "@/lib/client/cn";

export const Label = ({ className, ...props }: React.ComponentProps<"label">) => (
  <label className={cn("text-sm font-medium text-slate-800", className)} {...props} />
);
