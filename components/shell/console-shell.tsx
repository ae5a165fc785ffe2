"use client";

import { BookOpen, FolderKanban, ShieldCheck } from "lucide-react";
import Link from "next/link";
import { useParams, usePathname } from "next/navigation";
import { SearchDialog } from "@/components/search/search-dialog";
import { cn } from "@/lib/client/cn";
import { LarderLogo } from "./larder-logo";
import { NotificationsMenu } from "./notifications-menu";
import { ProjectNav } from "./project-nav";
import { ProjectSwitcher } from "./project-switcher";
import { UserMenu, type TShellUser } from "./user-menu";

const GLOBAL_LINKS = [
  { href: "/projects", label: "All projects", icon: FolderKanban, isAdminOnly: false },
  { href: "/api-reference", label: "API reference", icon: BookOpen, isAdminOnly: false },
  { href: "/admin/users", label: "Administration", icon: ShieldCheck, isAdminOnly: true },
];

/** The console frame: a sidebar with the project switcher and the project's areas, and the page. */
export const ConsoleShell = ({ user, children }: { user: TShellUser; children: React.ReactNode }) => {
  const params = useParams<{ project?: string }>();
  const pathname = usePathname();
  const project = params.project ? decodeURIComponent(params.project) : undefined;
  return (
    <div className="flex min-h-screen">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-white px-3 py-2 text-sm font-medium focus:not-sr-only focus:fixed focus:left-3 focus:top-3"
      >
        Skip to content
      </a>
      <aside className="sticky top-0 flex h-screen w-64 shrink-0 flex-col border-r border-slate-200 bg-white">
        <div className="flex h-14 items-center px-5">
          <Link href="/projects" className="rounded-md" aria-label="Larder home">
            <LarderLogo />
          </Link>
        </div>
        <div className="grid gap-2 px-3 pb-4">
          <SearchDialog />
          <NotificationsMenu />
          <ProjectSwitcher project={project} />
        </div>
        <div className="flex-1 overflow-y-auto px-3">
          {project ? (
            <ProjectNav project={project} />
          ) : (
            <p className="px-3 py-2 text-sm text-slate-600">
              Choose a project to see its feature store, members and keys.
            </p>
          )}
        </div>
        <nav aria-label="Console" className="border-t border-slate-200 px-3 py-3">
          <ul className="space-y-0.5">
            {GLOBAL_LINKS.filter((link) => !link.isAdminOnly || user.isAdmin).map((link) => {
              const isActive = pathname === link.href;
              return (
                <li key={link.href}>
                  <Link
                    href={link.href}
                    aria-current={isActive ? "page" : undefined}
                    className={cn(
                      "flex items-center gap-2.5 rounded-md px-3 py-1.5 text-sm",
                      isActive ? "bg-slate-100 font-medium text-slate-900" : "text-slate-700 hover:bg-slate-100",
                    )}
                  >
                    <link.icon className="size-4 text-slate-500" aria-hidden />
                    {link.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        <div className="border-t border-slate-200 p-2">
          <UserMenu user={user} />
        </div>
      </aside>
      <main id="main" className="min-w-0 flex-1">
        <div className="mx-auto max-w-6xl px-8 py-8">{children}</div>
      </main>
    </div>
  );
};
