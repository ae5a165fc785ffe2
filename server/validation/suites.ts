import "server-only";
import type { z } from "zod";
import { db } from "../db/client";
import { InvalidInputError, NotFoundError } from "../errors";
import { withAuditEvent } from "../audit/record";
import { getFeatureGroupRow } from "../registry/feature-groups";
import type { TVersionAction, TVersionRead } from "../principal";
import {
  ZValidationRuleSchema,
  type TSuite,
  type TValidationPolicy,
  type TValidationRule,
  type ZPutSuiteSchema,
} from "@/lib/api/validation";
import { checkRules } from "./rules-check";

// A feature group's expectation suite: one per group version, replaced as a whole (the console's form saves all
// rules at once). Saving and removing it are audited; a suite that does not fit the group is refused whole (422).

type TSuiteRow = { policy: string; rules: unknown; updatedAt: Date; updatedById: string | null };

/** The suite's rules as stored (checked on save; parsed again so a rule saved by an older schema still reads). */
const parseStoredRules = (rules: unknown): TValidationRule[] =>
  (Array.isArray(rules) ? rules : []).flatMap((rule) => {
    const parsed = ZValidationRuleSchema.safeParse(rule);
    return parsed.success ? [parsed.data] : [];
  });

const toSuiteView = async (row: TSuiteRow): Promise<TSuite> => {
  const user = row.updatedById
    ? await db.user.findUnique({ where: { id: row.updatedById }, select: { email: true } })
    : null;
  return {
    policy: row.policy as TValidationPolicy,
    rules: parseStoredRules(row.rules),
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: user?.email ?? null,
  };
};

const noSuite = (name: string, version: number) =>
  new NotFoundError(`Feature group '${name}' version ${version} has no expectation suite`);

export const getSuite = async ({ access, name, version }: TVersionRead): Promise<TSuite> => {
  const group = await getFeatureGroupRow({ access, intent: "read", name, version });
  const row = await db.expectationSuite.findUnique({ where: { featureGroupId: group.id } });
  if (!row) throw noSuite(name, version);
  return toSuiteView(row);
};

export const putSuite = async ({
  ctx,
  access,
  name,
  version,
  input,
}: TVersionAction & { input: z.infer<typeof ZPutSuiteSchema> }): Promise<TSuite> => {
  const group = await getFeatureGroupRow({ access, intent: "write", name, version });
  const issues = await checkRules(input.rules, group.features);
  if (issues.length) throw new InvalidInputError("The expectation suite does not fit the feature group", issues);
  const userId = ctx.principal.userId;
  const row = await withAuditEvent(
    (tx) =>
      tx.expectationSuite.upsert({
        where: { featureGroupId: group.id },
        create: { featureGroupId: group.id, policy: input.policy, rules: input.rules, updatedById: userId },
        update: { policy: input.policy, rules: input.rules, updatedById: userId, updatedAt: new Date() },
      }),
    () => ({
      ctx,
      project: access.project,
      action: "featureGroup.validationSuite.update",
      resourceType: "featureGroup",
      resourceId: group.id,
      resourceName: `${group.name} v${group.version}`,
      details: { policy: input.policy, rules: input.rules.map((rule) => rule.type) },
    }),
  );
  return toSuiteView(row);
};

export const deleteSuite = async ({ ctx, access, name, version }: TVersionAction): Promise<void> => {
  const group = await getFeatureGroupRow({ access, intent: "write", name, version });
  await withAuditEvent(
    async (tx) => {
      const deleted = await tx.expectationSuite.deleteMany({ where: { featureGroupId: group.id } });
      if (deleted.count === 0) throw noSuite(name, version);
    },
    () => ({
      ctx,
      project: access.project,
      action: "featureGroup.validationSuite.delete",
      resourceType: "featureGroup",
      resourceId: group.id,
      resourceName: `${group.name} v${group.version}`,
    }),
  );
};

/** The suite an ingest applies (null: none), by the group's id: the ingest runner has no caller's access. */
export const findSuiteForIngest = async (
  featureGroupId: string,
): Promise<{ policy: TValidationPolicy; rules: TValidationRule[] } | null> => {
  const row = await db.expectationSuite.findUnique({ where: { featureGroupId } });
  if (!row) return null;
  const rules = parseStoredRules(row.rules);
  return rules.length ? { policy: row.policy as TValidationPolicy, rules } : null;
};
