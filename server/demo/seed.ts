import { seedDemoUsersAndProject } from "./users";

/** The demo grows with every capability: users and project now; feature groups and jobs as they land. */
export const seedDemo = async (): Promise<{ created: boolean }> => {
  const { created } = await seedDemoUsersAndProject();
  return { created };
};
