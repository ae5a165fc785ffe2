import "server-only";
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

/** Sortable-enough, URL-safe identifiers: a time prefix plus 12 random base-36 characters. */
export const newId = (prefix: string): string => {
  const time = Date.now().toString(36).padStart(9, "0");
  const bytes = randomBytes(12);
  let random = "";
  for (const byte of bytes) random += ALPHABET[byte % ALPHABET.length];
  return `${prefix}_${time}${random}`;
};
