import { db } from "../db/client";
import { createTagSchema, putLabels } from "../tags";
import { actAsOwner } from "./owner-actor";
import { DEMO_USERS } from "./users";

// The demo's tags (docs/tags.md): the pii schema on the card holders' personal data, a `quality` schema of the
// administrator's on the groups, and keywords, so that search and its PII filter show something on first start.

const PII: [group: string, feature: string, value: Record<string, unknown>][] = [
  ["card_profiles", "card_id", { category: "financial", legalBasis: "contract", retentionDays: 3650 }],
  ["card_profiles", "account_id", { category: "financial", legalBasis: "contract", retentionDays: 3650 }],
  ["card_profiles", "home_country", { category: "location", legalBasis: "contract" }],
  ["transactions", "card_id", { category: "financial", legalBasis: "contract", retentionDays: 3650 }],
  ["transactions", "latitude", { category: "location", legalBasis: "legitimate_interests", retentionDays: 365 }],
  ["transactions", "longitude", { category: "location", legalBasis: "legitimate_interests", retentionDays: 365 }],
];
const GROUPS: [group: string, tier: string, keywords: string[]][] = [
  ["transactions", "gold", ["payments", "fraud"]],
  ["card_profiles", "gold", ["customer", "cards"]],
  ["merchant_aggregates", "silver", ["merchants"]],
];

export const seedDemoTags = async ({ projectId, ownerId }: { projectId: string; ownerId: string }) => {
  if (await db.tag.count({ where: { projectId } })) return;
  const admin = await db.user.findUniqueOrThrow({ where: { email: DEMO_USERS[0].email } });
  const { ctx, access } = await actAsOwner({ projectId, ownerId, userAgent: "larder demo seed" });
  if (!(await db.tagSchema.findFirst({ where: { name: "quality" } })))
    await createTagSchema({
      ctx: {
        ...ctx,
        principal: { kind: "user", userId: admin.id, email: admin.email, name: admin.name, isAdmin: true },
      },
      input: {
        name: "quality",
        description: "How far a feature group can be trusted",
        fields: [
          { name: "tier", type: "enum", required: true, values: ["gold", "silver", "bronze"], description: "" },
          { name: "reviewed", type: "date", required: false, description: "Last review" },
        ],
      },
    });
  const ref = (name: string) => ({ ctx, access, name, version: 1 });
  for (const [group, feature, value] of PII)
    await putLabels({
      ...ref(group),
      kind: "feature",
      feature,
      input: { tags: [{ schema: "pii", value }], keywords: [] },
    });
  for (const [group, tier, keywords] of GROUPS)
    await putLabels({
      ...ref(group),
      kind: "featureGroup",
      input: { tags: [{ schema: "quality", value: { tier, reviewed: "2026-11-30" } }], keywords },
    });
  await putLabels({
    ...ref("fraud_model"),
    kind: "featureView",
    input: { tags: [], keywords: ["fraud", "model input"] },
  });
};
