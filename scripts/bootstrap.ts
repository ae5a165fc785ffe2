// Runs once per `npm start` before the servers: the configured administrator and, on first run, the demo.
// It closes every connection it opened (registry, online store, job queue) and then exits explicitly: a
// connection left open by some seeding step (Redis, for online-enabled demo groups) must never keep the start
// waiting forever.
import { ensureConfiguredAdmin } from "../server/demo/admin";
import { seedDemo } from "../server/demo/seed";
import { DEMO_PASSWORD, DEMO_PROJECT, DEMO_USERS } from "../server/demo/users";
import { getPrisma } from "../server/db/client";
import { closeOnlineStore } from "../server/online-store";
import { stopBoss } from "../server/jobs/boss";

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
};

const closeAll = () => Promise.allSettled([closeOnlineStore(), stopBoss(), getPrisma().$disconnect()]);

main().then(
  async () => {
    await closeAll();
    process.exit(0);
  },
  async (error: unknown) => {
    console.error(error);
    await closeAll();
    process.exit(1);
  },
);
