import { db } from "../db/client";
import { newId } from "../ids";
import { hashPassword } from "../auth/passwords";
import { recordAuditEvent } from "../audit/record";

// Demo users, one per project role, so a new user can see what each role sees. Printed by `npm start`.
export const DEMO_PASSWORD = "larder-demo";
export const DEMO_PROJECT = "fraud_detection";
export const DEMO_USERS = [
  { email: "admin@larder.local", name: "Ada Admin", role: "OWNER", isAdmin: true },
  { email: "owner@larder.local", name: "Olivia Owner", role: "OWNER", isAdmin: false },
  { email: "editor@larder.local", name: "Eddie Editor", role: "EDITOR", isAdmin: false },
  { email: "viewer@larder.local", name: "Vera Viewer", role: "VIEWER", isAdmin: false },
  { email: "auditor@larder.local", name: "Aubrey Auditor", role: "AUDITOR", isAdmin: false },
] as const;

/** Creates the demo users and project once; returns false when they already exist. */
export const seedDemoUsersAndProject = async (): Promise<{ created: boolean; projectId: string }> => {
  const existing = await db.project.findUnique({ where: { name: DEMO_PROJECT } });
  if (existing) return { created: false, projectId: existing.id };
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const users = [];
  for (const demo of DEMO_USERS) {
    const user = await db.user.upsert({
      where: { email: demo.email },
      create: { id: newId("usr"), email: demo.email, name: demo.name, isAdmin: demo.isAdmin, passwordHash },
      update: {},
    });
    users.push({ user, role: demo.role });
  }
  const project = await db.project.create({
    data: {
      id: newId("prj"),
      name: DEMO_PROJECT,
      description: "Card fraud detection: transactions, card profiles and merchant aggregates, with a fraud label.",
      createdById: users[0].user.id,
    },
  });
  for (const { user, role } of users)
    await db.membership.create({ data: { projectId: project.id, userId: user.id, role } });
  await recordAuditEvent({
    ctx: null,
    project,
    action: "project.create",
    resourceType: "project",
    resourceId: project.id,
    resourceName: project.name,
    details: { name: DEMO_PROJECT, demo: true },
  });
  for (const { user, role } of users.slice(1)) {
    await recordAuditEvent({
      ctx: null,
      project,
      action: "member.add",
      resourceType: "member",
      resourceId: user.id,
      resourceName: user.email,
      details: { email: user.email, role, demo: true },
    });
  }
  return { created: true, projectId: project.id };
};
