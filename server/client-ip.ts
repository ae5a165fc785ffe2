// On the floor: the request context (http) and sign-in throttling (auth) both key on the client's address.

type THeaderSource = Headers | Record<string, string | string[] | undefined>;

const read = (headers: THeaderSource, name: string): string | undefined => {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** The client's address as the first proxy saw it (X-Forwarded-For's first hop), else X-Real-IP. */
export const clientIpFromHeaders = (headers: THeaderSource): string | null => {
  const forwarded = read(headers, "x-forwarded-for");
  if (forwarded) return forwarded.split(",")[0].trim().slice(0, 64) || null;
  return read(headers, "x-real-ip")?.slice(0, 64) ?? null;
};
