import { cn } from "@/lib/client/cn";

/** One term of a `<dl>` and its value (the list around it sets the layout). */
export const DescriptionItem = ({
  term,
  className,
  termClassName,
  valueClassName,
  children,
}: {
  term: string;
  className?: string;
  termClassName?: string;
  valueClassName?: string;
  children: React.ReactNode;
}) => (
  <div className={className}>
    <dt className={cn("text-slate-600", termClassName)}>{term}</dt>
    <dd className={valueClassName}>{children}</dd>
  </div>
);
