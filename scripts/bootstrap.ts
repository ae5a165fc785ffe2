// Runs once per `npm start` before the servers: the configured administrator and, on first run, the demo.
import { ensureConfiguredAdmin } from "../server/demo/admin";
import { seedDemo } from "../server/demo/seed";
import { DEMO_PASSWORD, DEMO_PROJECT, DEMO_USERS } from "../server/demo/users";
import { getPrisma } from "../server/db/client";

const main = async () => {
  if (
    await ensureConfiguredAdmin({ email: process.env.LARDER_ADMIN_EMAIL, password: process.env.LARDER_ADMIN_PASSWORD })
  ) {
    console.log(`[larder] created administrator ${process.env.LARDER_ADMIN_EMAIL}`);
  }
  if ((process.env.LARDER_DEMO ?? "1") === "1") {
    const { created } = await seedDemo();
    if (created) console.log(`[larder] seeded the demo project '${DEMO_PROJECT}'`);
    console.log(
      `[larder] demo users (password '${DEMO_PASSWORD}'): ${DEMO_USERS.map((user) => `${user.email} (${user.role.toLowerCase()}${user.isAdmin ? ", admin" : ""})`).join(", ")}`,
    );
  }
  await getPrisma().$disconnect();
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
