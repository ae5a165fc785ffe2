// `npm run db:migrate`: applies prisma/migrations as the owner (LARDER_MIGRATION_DATABASE_URL, else DATABASE_URL)
// and grants the application role — the user DATABASE_URL signs in as — what it needs (server/db/app-role.ts).
import { prepareDatabase } from "../server/db/app-role";

const main = async () => {
  const appUrl = process.env.DATABASE_URL;
  if (!appUrl) throw new Error("Set DATABASE_URL (and LARDER_MIGRATION_DATABASE_URL for the owner)");
  const ownerUrl = process.env.LARDER_MIGRATION_DATABASE_URL ?? appUrl;
  const result = await prepareDatabase({ ownerUrl, appUrl });
  console.log(JSON.stringify(result));
  if (!result.appRoleSeparate)
    console.error(
      "[larder] warning: migrations and the application use the same role; set LARDER_MIGRATION_DATABASE_URL to the owner and DATABASE_URL to the application role (docs/operations.md)",
    );
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
