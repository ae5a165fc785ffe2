"use client";

import { ChevronsUpDown } from "lucide-react";
import { cn } from "@/lib/client/cn";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuLabel,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";

/**
 * A menu of the shell's sidebar (project switcher, account menu). Its button is named by its visible text after a
 * screen-reader-only prefix, so speech users can say what they see (WCAG 2.5.3): no `aria-label` replaces it.
 */
export const ShellMenu = ({
  namePrefix,
  avatar,
  avatarClassName,
  triggerClassName,
  side,
  contentClassName,
  label,
  children,
  text,
}: {
  namePrefix: string;
  avatar: React.ReactNode;
  avatarClassName: string;
  triggerClassName: string;
  side?: "top";
  contentClassName: string;
  label: React.ReactNode;
  /** The two lines of the button. */
  text: React.ReactNode;
  children: React.ReactNode;
}) => (
  <DropdownMenu>
    <DropdownMenuTrigger className={cn("flex w-full items-center text-left text-sm", triggerClassName)}>
      <span className="sr-only">{namePrefix}</span>
      <span
        className={cn("flex shrink-0 items-center justify-center text-xs font-semibold", avatarClassName)}
        aria-hidden
      >
        {avatar}
      </span>
      <span className="min-w-0 flex-1">{text}</span>
      <ChevronsUpDown className="size-4 shrink-0 text-slate-500" aria-hidden />
    </DropdownMenuTrigger>
    <DropdownMenuContent side={side} align="start" className={contentClassName}>
      <DropdownMenuLabel>{label}</DropdownMenuLabel>
      {children}
    </DropdownMenuContent>
  </DropdownMenu>
);
