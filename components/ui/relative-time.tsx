"use client";

import { useEffect, useState } from "react";
import { formatAbsoluteTime, formatRelativeTime } from "@/lib/client/format";

const REFRESH_MS = 30_000;

/** "3 minutes ago", with the absolute time on hover and in the machine-readable attribute. */
export const RelativeTime = ({ iso, fallback = "—" }: { iso: string | null | undefined; fallback?: string }) => {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  if (!iso) return <span className="text-slate-500">{fallback}</span>;
  const absolute = formatAbsoluteTime(iso);
  // The server renders the absolute time; the relative one needs the browser's clock.
  return (
    <time dateTime={iso} title={absolute} className="whitespace-nowrap" suppressHydrationWarning>
      {now === null ? absolute : formatRelativeTime(iso, now)}
    </time>
  );
};
