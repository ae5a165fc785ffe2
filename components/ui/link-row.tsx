"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { cn } from "@/lib/client/cn";
import { TableCell, TableRow } from "./table";

/**
 * A table row that opens `href`: its first cell is the link (what keyboards and screen readers use), and a click
 * anywhere else on the row follows it too, except on the row's other links.
 */
export const LinkRow = ({
  href,
  name,
  linkLabel,
  linkClassName,
  detail,
  children,
}: {
  href: string;
  name: React.ReactNode;
  linkLabel?: string;
  linkClassName?: string;
  /** Shown under the link, in the first cell. */
  detail?: React.ReactNode;
  children: React.ReactNode;
}) => {
  const router = useRouter();
  return (
    <TableRow
      className="cursor-pointer"
      onClick={(event) => !(event.target as HTMLElement).closest("a") && router.push(href)}
    >
      <TableCell>
        <Link
          href={href}
          aria-label={linkLabel}
          className={cn("font-medium text-slate-900 hover:text-brand-700 hover:underline", linkClassName)}
        >
          {name}
        </Link>
        {detail}
      </TableCell>
      {children}
    </TableRow>
  );
};
