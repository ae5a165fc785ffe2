import { Search } from "lucide-react";
import { cn } from "@/lib/client/cn";
import { Input } from "./input";

/** A search field with its magnifier; the label is for screen readers and, by default, the placeholder. */
export const SearchInput = ({
  label,
  placeholder = `${label}…`,
  className,
  inputClassName,
  ...props
}: Omit<React.ComponentProps<typeof Input>, "type"> & { label: string; inputClassName?: string }) => (
  <div className={cn("relative w-full max-w-xs", className)}>
    <Search className="pointer-events-none absolute left-2.5 top-2.5 size-4 text-slate-500" aria-hidden />
    <Input
      type="search"
      aria-label={label}
      placeholder={placeholder}
      className={cn("pl-8", inputClassName)}
      {...props}
    />
  </div>
);
