import http from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";
import pg from "pg";
import { queueRead, withLarderCommands } from "../server/online-store/redis-layout";

// The floor the feature server is measured against: a minimal node:http server that answers each request with
// ONE pipelined fetch of the same keys from the same store (no auth, no plan, no metadata, no transformations).
// Redis: one pipeline with one read per group, exactly as the store reads (redis-layout.ts queueRead: an HGET for one
// entity, else one call of the read script); PostgreSQL: one `= ANY($1)` query per group, sent
// together. Run as a child process by bench/serving.ts (`node --import tsx bench/serving-floor.ts`), or in-process.

type TFloorGroup = { redisPrefix: string; table: string; keyColumn: string; fields: string[] };
export type TFloorConfig = {
  kind: "redis" | "postgres";
  redisUrl?: string;
  databaseUrl?: string;
  groups: TFloorGroup[];
};

const entityIds = (body: string): string[] => {
  const parsed = JSON.parse(body) as { entities: { entity_id: number } | { entity_id: number }[] };
  const list = Array.isArray(parsed.entities) ? parsed.entities : [parsed.entities];
  return list.map((entity) => String(entity.entity_id));
};

export const startFloorServer = async ({ config, port = 0 }: { config: TFloorConfig; port?: number }) => {
  const redis =
    config.kind === "redis" ? withLarderCommands(new Redis(config.redisUrl!, { enableAutoPipelining: false })) : null;
  const pool = config.kind === "postgres" ? new pg.Pool({ connectionString: config.databaseUrl, max: 8 }) : null;
  const read = async (ids: string[]) => {
    if (redis) {
      const pipeline = redis.pipeline();
      for (const group of config.groups) queueRead(pipeline, group.redisPrefix, ids);
      return (await pipeline.exec())!.map(([, reply]) => reply);
    }
    return Promise.all(
      config.groups.map(
        async (group) =>
          (await pool!.query(`SELECT * FROM ${group.table} WHERE "${group.keyColumn}" = ANY($1::bigint[])`, [ids]))
            .rows,
      ),
    );
  };
  const server = http.createServer({ keepAlive: true }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      read(entityIds(Buffer.concat(chunks).toString("utf8"))).then(
        (rows) => {
          response.writeHead(200, { "content-type": "application/json" });
          response.end(JSON.stringify(rows));
        },
        (error: Error) => {
          response.writeHead(500);
          response.end(error.message);
        },
      );
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      redis?.disconnect();
      await pool?.end();
    },
  };
};

// As a child process: config from LARDER_FLOOR_CONFIG (JSON), port from LARDER_FLOOR_PORT; prints "listening <port>".
if (process.argv[1]?.endsWith("serving-floor.ts")) {
  const config = JSON.parse(process.env.LARDER_FLOOR_CONFIG ?? "{}") as TFloorConfig;
  startFloorServer({ config, port: Number(process.env.LARDER_FLOOR_PORT ?? 0) }).then(({ port, close }) => {
    console.log(`listening ${port}`);
    process.on("SIGTERM", () => void close().then(() => process.exit(0)));
  });
}
