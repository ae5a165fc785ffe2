import type { LucideIcon } from "lucide-react";

/** What this place is for, and the first thing to do in it. */
export const EmptyState = ({
  icon: Icon,
  title,
  description,
  action,
  isPageTitle = false,
}: {
  icon: LucideIcon;
  title: string;
  description: React.ReactNode;
  action?: React.ReactNode;
  /** The whole page is this state (not found, no access): its title is the page's h1. */
  isPageTitle?: boolean;
}) => {
  // An h2 by default: it may stand right under the page's h1 (a tab, a list card) and must not skip a level.
  const Title = isPageTitle ? "h1" : "h2";
  return (
    <div className="flex flex-col items-center px-6 py-12 text-center">
      <div className="mb-3 flex size-11 items-center justify-center rounded-full bg-brand-50 text-brand-700">
        <Icon className="size-5" aria-hidden />
      </div>
      <Title className="text-sm font-semibold text-slate-900">{title}</Title>
      <p className="mt-1 max-w-md text-sm text-slate-600">{description}</p>
      {action && <div className="mt-5">{action}</div>}
    </div>
  );
};
