// `npm run db:migrate`: applies prisma/migrations to DATABASE_URL with the project's runner.
import { runMigrations } from "../server/db/migrate";

const main = async () => {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error("Set DATABASE_URL");
  const result = await runMigrations({ connectionString });
  console.log(JSON.stringify(result));
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
