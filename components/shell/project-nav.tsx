"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/lib/client/cn";
import { fetchProject, queryKeys } from "@/lib/client/endpoints";
import { projectHref, visibleNavSections } from "./nav-items";

export const ProjectNav = ({ project }: { project: string }) => {
  const pathname = usePathname();
  const { data, isError } = useQuery({ queryKey: queryKeys.project(project), queryFn: () => fetchProject(project) });
  // A project the user cannot see: the page says so; the sidebar offers nothing to open.
  if (isError) return null;
  if (!data) {
    return (
      <div role="status" aria-label="Loading navigation" className="space-y-2 px-3 py-2">
        {[0, 1, 2, 3].map((index) => (
          <Skeleton key={index} className="h-6" />
        ))}
      </div>
    );
  }
  return (
    <nav aria-label="Project" className="space-y-5">
      {visibleNavSections(data.scopes).map((section) => (
        <div key={section.title ?? "main"}>
          {section.title && (
            <p className="mb-1 px-3 text-xs font-medium uppercase tracking-wide text-slate-500">{section.title}</p>
          )}
          <ul className="space-y-0.5">
            {section.items.map((item) => {
              const href = projectHref(project, item.segment);
              const isActive = item.segment ? pathname.startsWith(href) : pathname === href;
              return (
                <li key={item.label}>
                  <Link
                    href={href}
                    aria-current={isActive ? "page" : undefined}
                    className={cn(
                      "flex items-center gap-2.5 rounded-md px-3 py-1.5 text-sm font-medium",
                      isActive
                        ? "bg-brand-50 text-brand-700"
                        : "text-slate-700 hover:bg-slate-100 hover:text-slate-900",
                    )}
                  >
                    <item.icon className={cn("size-4", isActive ? "text-brand-600" : "text-slate-500")} aria-hidden />
                    {item.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </nav>
  );
};
