import { db } from "../db/client";
import { seedDemoFeatureGroups } from "./feature-groups";
import { seedDemoFeatureViews } from "./feature-views";
import { seedDemoServing } from "./serving";
import { seedDemoMonitoring } from "./monitoring";
import { seedDemoBacktests } from "./backtests";
import { seedDemoLineage } from "./lineage";
import { seedDemoModelsAndSources } from "./models-sources";
import { seedDemoDiscovery } from "./discovery";
import { DEMO_SHARING_PROJECT, seedDemoSharing } from "./sharing";
import { seedDemoTags } from "./tags";
import { DEMO_PROJECT, DEMO_USERS, seedDemoUsersAndProject } from "./users";
import { seedDemoUsage } from "./usage";
import { seedDemoValidation } from "./validation";
import { seedDemoErasure } from "./erasure";

/** The demo grows with every capability: users and project, then the fraud feature groups with history. */
export const seedDemo = async (): Promise<{ created: boolean }> => {
  const { created, projectId } = await seedDemoUsersAndProject();
  const owner = await db.user.findUniqueOrThrow({ where: { email: DEMO_USERS[1].email } });
  await seedDemoFeatureGroups({ projectId, ownerId: owner.id });
  await seedDemoFeatureViews({ projectId, ownerId: owner.id });
  await seedDemoValidation({ projectId, ownerId: owner.id });
  await seedDemoServing({ projectId, ownerId: owner.id });
  await seedDemoTags({ projectId, ownerId: owner.id });
  await seedDemoMonitoring({ projectId, ownerId: owner.id });
  await seedDemoBacktests({ projectId, ownerId: owner.id });
  await seedDemoLineage({ projectId, ownerId: owner.id });
  await seedDemoModelsAndSources({ projectId, ownerId: owner.id });
  await seedDemoErasure({ projectId, ownerId: owner.id });
  await seedDemoSharing({ ownerId: owner.id });
  await seedDemoDiscovery();
  // Last: it measures what everything above wrote.
  await seedDemoUsage({ projectNames: [DEMO_PROJECT, DEMO_SHARING_PROJECT] });
  return { created };
};
