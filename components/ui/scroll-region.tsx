"use client";

import { useEffect, useRef, useState } from "react";
import { cn } from "@/lib/client/cn";

/**
 * A box that scrolls sideways when its content is wider than it is. While it does, it takes the focus (and says what
 * it holds), so keyboard users can scroll it with the arrow keys; when everything fits it is no tab stop at all.
 */
export const ScrollRegion = ({
  label,
  className,
  children,
}: {
  label?: string;
  className?: string;
  children: React.ReactNode;
}) => {
  const ref = useRef<HTMLDivElement>(null);
  const [isScrollable, setIsScrollable] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () =>
      setIsScrollable(element.scrollWidth > element.clientWidth || element.scrollHeight > element.clientHeight);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <div
      ref={ref}
      className={cn("overflow-x-auto focus-visible:outline-2 focus-visible:outline-brand-600", className)}
      {...(isScrollable ? { tabIndex: 0, role: "region", "aria-label": label ?? "Scrollable content" } : {})}
    >
      {children}
    </div>
  );
};
