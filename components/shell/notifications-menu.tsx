"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Bell } from "lucide-react";
import Link from "next/link";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { RelativeTime } from "@/components/ui/relative-time";
import { discoveryKeys, fetchNotifications, markNotificationsRead } from "@/lib/client/discovery";

const POLL_MS = 30_000;

/** The user's own notifications (decisions on their access requests, docs/sharing.md), with the unread count. */
export const NotificationsMenu = () => {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: discoveryKeys.notifications,
    queryFn: fetchNotifications,
    refetchInterval: POLL_MS,
  });
  const unread = query.data?.unread ?? 0;
  const notifications = query.data?.notifications ?? [];
  const onOpenChange = async (open: boolean) => {
    if (open || !unread) return;
    // Read once the menu was seen and closed, so the unread ones stay marked while it is open.
    queryClient.setQueryData(discoveryKeys.notifications, await markNotificationsRead());
  };
  return (
    <DropdownMenu onOpenChange={onOpenChange}>
      <DropdownMenuTrigger className="flex w-full items-center gap-2 rounded-md border border-slate-200 px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-50">
        <Bell className="size-4 text-slate-500" aria-hidden />
        Notifications
        {unread > 0 && (
          <span className="ml-auto rounded-full bg-amber-100 px-1.5 text-xs font-semibold text-amber-900">
            {unread}
            <span className="sr-only"> unread</span>
          </span>
        )}
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-80">
        <DropdownMenuLabel>Notifications</DropdownMenuLabel>
        {notifications.length === 0 && <p className="px-2 py-1.5 text-sm text-slate-600">Nothing yet.</p>}
        {notifications.map((notification) => {
          const body = (
            <span className="block">
              <span className={notification.read ? "text-slate-700" : "font-medium text-slate-900"}>
                {notification.message}
              </span>
              <span className="block text-xs text-slate-500">
                <RelativeTime iso={notification.createdAt} />
              </span>
            </span>
          );
          return notification.link ? (
            <DropdownMenuItem key={notification.id} asChild>
              <Link href={notification.link}>{body}</Link>
            </DropdownMenuItem>
          ) : (
            <DropdownMenuItem key={notification.id}>{body}</DropdownMenuItem>
          );
        })}
      </DropdownMenuContent>
    </DropdownMenu>
  );
};
