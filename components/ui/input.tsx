import { cn } from "@/lib/client/cn";

const FIELD_CLASSES =
  "w-full rounded-md border border-slate-300 bg-white px-3 text-sm text-slate-900 shadow-sm placeholder:text-slate-500 focus-visible:border-brand-600 focus-visible:outline-2 focus-visible:outline-offset-0 disabled:bg-slate-100 aria-[invalid=true]:border-red-500";

/** `onValueChange` is `onChange` for callers that want only the text. */
type TValueProps = { onValueChange?: (value: string) => void };

export const Input = ({ className, onValueChange, ...props }: React.ComponentProps<"input"> & TValueProps) => (
  <input
    className={cn(FIELD_CLASSES, "h-9", className)}
    onChange={onValueChange && ((event) => onValueChange(event.target.value))}
    {...props}
  />
);

export const Textarea = ({ className, onValueChange, ...props }: React.ComponentProps<"textarea"> & TValueProps) => (
  <textarea
    className={cn(FIELD_CLASSES, "min-h-20 py-2", className)}
    onChange={onValueChange && ((event) => onValueChange(event.target.value))}
    {...props}
  />
);

/** A native select: the most robust choice for keyboards, screen readers and tests. */
export const Select = ({ className, onValueChange, ...props }: React.ComponentProps<"select"> & TValueProps) => (
  <select
    className={cn(FIELD_CLASSES, "h-9 pr-8", className)}
    onChange={onValueChange && ((event) => onValueChange(event.target.value))}
    {...props}
  />
);
