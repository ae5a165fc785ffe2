import { AlertTriangle, CheckCircle2, Info } from "lucide-react";
import { cn } from "@/lib/client/cn";

const TONES = {
  danger: { icon: AlertTriangle, classes: "border-red-200 bg-red-50 text-red-800" },
  warning: { icon: AlertTriangle, classes: "border-amber-200 bg-amber-50 text-amber-900" },
  success: { icon: CheckCircle2, classes: "border-emerald-200 bg-emerald-50 text-emerald-900" },
  info: { icon: Info, classes: "border-sky-200 bg-sky-50 text-sky-900" },
} as const;

/** An inline message; errors and successes are announced to screen readers. */
export const Alert = ({
  tone = "info",
  title,
  children,
  className,
}: {
  tone?: keyof typeof TONES;
  title?: string;
  children?: React.ReactNode;
  className?: string;
}) => {
  const { icon: Icon, classes } = TONES[tone];
  return (
    <div
      role={tone === "danger" ? "alert" : "status"}
      className={cn("flex gap-2.5 rounded-md border px-3 py-2.5 text-sm", classes, className)}
    >
      <Icon className="mt-0.5 size-4 shrink-0" aria-hidden />
      <div className="min-w-0">
        {title && <p className="font-medium">{title}</p>}
        {children && <div className={cn(title && "mt-0.5")}>{children}</div>}
      </div>
    </div>
  );
};
