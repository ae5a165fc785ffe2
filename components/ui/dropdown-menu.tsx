"use client";

import { DropdownMenu as MenuPrimitive } from "radix-ui";
import { cn } from "@/lib/client/cn";

/**
 * Not modal: the page behind an open menu stays in the accessibility tree (a modal menu hides it with aria-hidden
 * while its links stay focusable, which axe reports as serious); Escape and a click outside still close the menu.
 */
export const DropdownMenu = (props: React.ComponentProps<typeof MenuPrimitive.Root>) => (
  <MenuPrimitive.Root modal={false} {...props} />
);
export const DropdownMenuTrigger = MenuPrimitive.Trigger;

export const DropdownMenuContent = ({
  className,
  sideOffset = 6,
  ...props
}: React.ComponentProps<typeof MenuPrimitive.Content>) => (
  <MenuPrimitive.Portal>
    <MenuPrimitive.Content
      sideOffset={sideOffset}
      className={cn("z-50 min-w-56 rounded-lg border border-slate-200 bg-white p-1 text-sm shadow-lg", className)}
      {...props}
    />
  </MenuPrimitive.Portal>
);

export const DropdownMenuItem = ({ className, ...props }: React.ComponentProps<typeof MenuPrimitive.Item>) => (
  <MenuPrimitive.Item
    className={cn(
      "flex cursor-pointer select-none items-center gap-2 rounded-md px-2.5 py-1.5 text-slate-800 outline-none data-[highlighted]:bg-slate-100 data-[disabled]:opacity-50 [&_svg]:size-4 [&_svg]:text-slate-500",
      className,
    )}
    {...props}
  />
);

export const DropdownMenuLabel = ({ className, ...props }: React.ComponentProps<typeof MenuPrimitive.Label>) => (
  <MenuPrimitive.Label className={cn("px-2.5 py-1.5 text-xs font-medium text-slate-600", className)} {...props} />
);

export const DropdownMenuSeparator = () => <MenuPrimitive.Separator className="my-1 h-px bg-slate-200" />;
