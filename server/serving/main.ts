import "server-only";
import { getPrisma } from "../db/client";
import { closeOnlineStore, getOnlineStore } from "../online-store";
import { createFeatureServer } from "./server";

// `npm run start:serving`: the standalone feature server on LARDER_SERVING_PORT (default 6567, lib/ports.ts). Stateless: run
// as many as needed behind a load balancer; they share only the registry (PostgreSQL) and the online store.

const main = async () => {
  const store = getOnlineStore();
  const featureServer = createFeatureServer({ store });
  const port = await featureServer.listen();
  console.log(`[larder serving] listening on :${port} (online store: ${store.kind})`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[larder serving] ${signal}: finishing requests in flight`);
    await featureServer.close();
    await closeOnlineStore();
    await getPrisma().$disconnect();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
};

main().catch((error) => {
  console.error("[larder serving] failed to start", error);
  process.exit(1);
});
