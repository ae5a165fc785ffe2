import { cn } from "@/lib/client/cn";

export const Card = ({ className, ...props }: React.ComponentProps<"section">) => (
  <section className={cn("rounded-lg border border-slate-200 bg-white shadow-sm", className)} {...props} />
);

export const CardHeader = ({
  title,
  description,
  actions,
  titleId,
}: {
  title: string;
  description?: React.ReactNode;
  actions?: React.ReactNode;
  titleId?: string;
}) => (
  <div className="flex items-start justify-between gap-4 border-b border-slate-200 px-5 py-4">
    <div className="min-w-0">
      <h2 id={titleId} className="text-sm font-semibold text-slate-900">
        {title}
      </h2>
      {description && <p className="mt-0.5 text-sm text-slate-600">{description}</p>}
    </div>
    {actions && <div className="flex shrink-0 items-center gap-2">{actions}</div>}
  </div>
);

export const CardBody = ({ className, ...props }: React.ComponentProps<"div">) => (
  <div className={cn("px-5 py-4", className)} {...props} />
);

/** A titled card; its heading names the region for screen readers. */
export const Section = ({
  id,
  title,
  description,
  actions,
  className,
  children,
}: {
  id: string;
  title: string;
  description?: React.ReactNode;
  actions?: React.ReactNode;
  className?: string;
  children?: React.ReactNode;
}) => (
  <Card aria-labelledby={id} className={className}>
    <CardHeader titleId={id} title={title} description={description} actions={actions} />
    {children}
  </Card>
);
