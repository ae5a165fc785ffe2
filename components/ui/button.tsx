import { cva, type VariantProps } from "class-variance-authority";
import { Slot } from "radix-ui";
import { Loader2, type LucideIcon } from "lucide-react";
import { cn } from "@/lib/client/cn";

const buttonVariants = cva(
  "inline-flex items-center justify-center gap-1.5 whitespace-nowrap rounded-md text-sm font-medium transition-colors disabled:pointer-events-none disabled:opacity-50 [&_svg]:size-4 [&_svg]:shrink-0",
  {
    variants: {
      variant: {
        primary: "bg-brand-600 text-white shadow-sm hover:bg-brand-700",
        secondary: "border border-slate-300 bg-white text-slate-800 shadow-sm hover:bg-slate-50",
        ghost: "text-slate-700 hover:bg-slate-100",
        danger: "bg-red-600 text-white shadow-sm hover:bg-red-700",
        "danger-outline": "border border-red-300 bg-white text-red-700 shadow-sm hover:bg-red-50",
        link: "h-auto px-0 text-brand-700 underline-offset-4 hover:underline",
      },
      size: {
        sm: "h-8 px-2.5",
        md: "h-9 px-3.5",
        icon: "size-8",
      },
    },
    defaultVariants: { variant: "primary", size: "md" },
  },
);

export type TButtonProps = React.ComponentProps<"button"> &
  VariantProps<typeof buttonVariants> & { asChild?: boolean; isLoading?: boolean; icon?: LucideIcon };

export const Button = ({
  className,
  variant,
  size,
  asChild = false,
  isLoading = false,
  icon: Icon,
  disabled,
  children,
  ...props
}: TButtonProps) => {
  const Component = asChild ? Slot.Root : "button";
  return (
    <Component className={cn(buttonVariants({ variant, size }), className)} disabled={disabled || isLoading} {...props}>
      {asChild ? (
        children
      ) : (
        <>
          {isLoading ? <Loader2 className="animate-spin" aria-hidden /> : Icon && <Icon aria-hidden />}
          {children}
        </>
      )}
    </Component>
  );
};

/** A ghost button that is only an icon; `label` is its accessible name. */
export const IconButton = ({
  icon,
  label,
  ...props
}: Omit<TButtonProps, "icon" | "children"> & { icon: LucideIcon; label: string }) => (
  <Button type="button" variant="ghost" size="icon" icon={icon} aria-label={label} {...props} />
);
