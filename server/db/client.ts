import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";
import { getDatabaseUrl } from "../env";

// One client per process; Next.js dev reloads modules, so it is kept on globalThis.
const globalForPrisma = globalThis as unknown as { larderPrisma?: PrismaClient };

export const getPrisma = (): PrismaClient => {
  if (!globalForPrisma.larderPrisma) {
    const adapter = new PrismaPg({ connectionString: getDatabaseUrl(), max: 10 });
    globalForPrisma.larderPrisma = new PrismaClient({ adapter });
  }
  return globalForPrisma.larderPrisma;
};

export const db = new Proxy({} as PrismaClient, {
  get: (_target, property) => {
    const client = getPrisma() as unknown as Record<string | symbol, unknown>;
    const value = client[property];
    return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(client) : value;
  },
});

export type { PrismaClient };
