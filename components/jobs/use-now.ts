"use client";

import { useEffect, useState } from "react";

/** The current time, ticking every `intervalMs` while `isTicking` (for running durations). */
export const useNow = (isTicking: boolean, intervalMs = 1000): number => {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setNow(Date.now());
    if (!isTicking) return;
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [isTicking, intervalMs]);
  return now;
};
