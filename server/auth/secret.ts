import "server-only";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { getEnv } from "../env";

let cached: string | undefined;

/**
 * The key that signs session tokens: NEXTAUTH_SECRET when configured (required when several web
 * processes serve one deployment), else a random one generated once and kept in LARDER_HOME.
 */
export const getSessionSecret = (): string => {
  if (cached) return cached;
  const env = getEnv();
  if (env.NEXTAUTH_SECRET) return (cached = env.NEXTAUTH_SECRET);
  const file = path.resolve(env.LARDER_HOME, "session-secret");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
  }
  return (cached = readFileSync(file, "utf8").trim());
};
