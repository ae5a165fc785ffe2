"use client";

import { BookOpen, LogOut, ShieldCheck } from "lucide-react";
import { signOut } from "next-auth/react";
import Link from "next/link";
import { DropdownMenuItem, DropdownMenuSeparator } from "@/components/ui/dropdown-menu";
import { ShellMenu } from "./shell-menu";

export type TShellUser = { email: string; name: string; isAdmin: boolean };

const initialsOf = (name: string): string =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase())
    .join("") || "?";

export const UserMenu = ({ user }: { user: TShellUser }) => (
  <ShellMenu
    namePrefix="Account menu:"
    triggerClassName="gap-2.5 rounded-md px-2 py-2 hover:bg-slate-100"
    avatarClassName="size-8 rounded-full bg-slate-800 text-white"
    avatar={initialsOf(user.name)}
    text={
      <>
        <span className="block truncate font-medium text-slate-900">{user.name}</span>
        <span className="block truncate text-xs text-slate-600">{user.email}</span>
      </>
    }
    side="top"
    contentClassName="w-60"
    label={
      <>
        Signed in as <span className="block truncate text-sm font-medium text-slate-900">{user.email}</span>
      </>
    }
  >
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
  </ShellMenu>
);
