import type { LucideIcon } from "lucide-react";

/** What this place is for, and the first thing to do in it. */
export const EmptyState = ({
  icon: Icon,
  title,
  description,
  action,
}: {
  icon: LucideIcon;
  title: string;
  description: React.ReactNode;
  action?: React.ReactNode;
}) => (
  <div className="flex flex-col items-center px-6 py-12 text-center">
    <div className="mb-3 flex size-11 items-center justify-center rounded-full bg-brand-50 text-brand-700">
      <Icon className="size-5" aria-hidden />
    </div>
    <h3 className="text-sm font-semibold text-slate-900">{title}</h3>
    <p className="mt-1 max-w-md text-sm text-slate-600">{description}</p>
    {action && <div className="mt-5">{action}</div>}
  </div>
);
