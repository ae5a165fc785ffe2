"use client";

import { BookOpen, ChevronsUpDown, LogOut, ShieldCheck } from "lucide-react";
import { signOut } from "next-auth/react";
import Link from "next/link";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";

export type TShellUser = { email: string; name: string; isAdmin: boolean };

const initialsOf = (name: string): string =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase())
    .join("") || "?";

export const UserMenu = ({ user }: { user: TShellUser }) => (
  <DropdownMenu>
    <DropdownMenuTrigger className="flex w-full items-center gap-2.5 rounded-md px-2 py-2 text-left text-sm hover:bg-slate-100">
      {/* The name comes from the visible text, so speech users can say what they see (WCAG 2.5.3). */}
      <span className="sr-only">Account menu:</span>
      <span
        className="flex size-8 shrink-0 items-center justify-center rounded-full bg-slate-800 text-xs font-semibold text-white"
        aria-hidden
      >
        {initialsOf(user.name)}
      </span>
      <span className="min-w-0 flex-1">
        <span className="block truncate font-medium text-slate-900">{user.name}</span>
        <span className="block truncate text-xs text-slate-600">{user.email}</span>
      </span>
      <ChevronsUpDown className="size-4 shrink-0 text-slate-500" aria-hidden />
    </DropdownMenuTrigger>
    <DropdownMenuContent side="top" align="start" className="w-60">
      <DropdownMenuLabel>
        Signed in as <span className="block truncate text-sm font-medium text-slate-900">{user.email}</span>
      </DropdownMenuLabel>
      <DropdownMenuSeparator />
      {user.isAdmin && (
        <DropdownMenuItem asChild>
          <Link href="/admin/users">
            <ShieldCheck aria-hidden /> Administration
          </Link>
        </DropdownMenuItem>
      )}
      <DropdownMenuItem asChild>
        <Link href="/api-reference">
          <BookOpen aria-hidden /> API reference
        </Link>
      </DropdownMenuItem>
      <DropdownMenuSeparator />
      <DropdownMenuItem onSelect={() => signOut({ callbackUrl: "/signin" })}>
        <LogOut aria-hidden /> Sign out
      </DropdownMenuItem>
    </DropdownMenuContent>
  </DropdownMenu>
);
