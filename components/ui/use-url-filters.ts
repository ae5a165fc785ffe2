"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback } from "react";

type TUrlFilters = Record<string, string | undefined>;

/**
 * A page's filters (and tab, sort …) kept in the URL, so a filtered view can be shared by link and survives a
 * reload. `parse` reads only values the page knows; `apply` writes the non-empty ones, leaving out defaults so the
 * plain URL stays plain. `defaults` must be a constant (it is read when `apply` is made).
 */
export const useUrlFilters = <TFilters extends TUrlFilters>({
  parse,
  defaults,
}: {
  parse: (params: URLSearchParams) => TFilters;
  defaults?: Partial<TFilters>;
}) => {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const search = searchParams.toString();
  const apply = useCallback(
    (next: Partial<TFilters>) => {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(next)) if (value && value !== defaults?.[key]) params.set(key, value);
      const text = params.toString();
      router.replace(text ? `${pathname}?${text}` : pathname, { scroll: false });
    },
    [router, pathname, defaults],
  );
  return { filters: parse(new URLSearchParams(search)), apply, search };
};

/** The value of `key` if it is one of `allowed`, for `parse`. */
export const oneOf = <TValue extends string>(
  params: URLSearchParams,
  key: string,
  allowed: readonly TValue[],
): TValue | undefined => {
  const value = params.get(key);
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as TValue) : undefined;
};
