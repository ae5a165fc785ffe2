import { cva, type VariantProps } from "class-variance-authority";
import { cn } from "@/lib/client/cn";

const badgeVariants = cva(
  "inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset",
  {
    variants: {
      tone: {
        neutral: "bg-slate-100 text-slate-700 ring-slate-200",
        brand: "bg-brand-50 text-brand-700 ring-brand-100",
        success: "bg-emerald-50 text-emerald-800 ring-emerald-200",
        warning: "bg-amber-50 text-amber-800 ring-amber-200",
        danger: "bg-red-50 text-red-700 ring-red-200",
        info: "bg-sky-50 text-sky-800 ring-sky-200",
        violet: "bg-violet-50 text-violet-800 ring-violet-200",
      },
    },
    defaultVariants: { tone: "neutral" },
  },
);

export type TBadgeTone = NonNullable<VariantProps<typeof badgeVariants>["tone"]>;

export const Badge = ({
  className,
  tone,
  ...props
}: React.ComponentProps<"span"> & VariantProps<typeof badgeVariants>) => (
  <span className={cn(badgeVariants({ tone }), className)} {...props} />
);
