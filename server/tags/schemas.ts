import "server-only";
import type { z } from "zod";
import type { TTagField, TTagSchema, ZCreateTagSchemaSchema } from "@/lib/api/tags";
import { withAuditEvent } from "../audit/record";
import { db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { ConflictError, InvalidInputError } from "../errors";
import { newId } from "../ids";
import type { TRequestContext } from "../principal";

// Tag schemas (docs/tags.md): created by platform administrators, one immutable row per version (a trigger refuses
// UPDATE, so no code path can edit a version even by mistake).

type TSchemaRow = {
  name: string;
  version: number;
  description: string;
  fields: Prisma.JsonValue;
  builtIn: boolean;
  createdAt: Date;
};

const toSchema = (row: TSchemaRow): TTagSchema => ({
  name: row.name,
  version: row.version,
  description: row.description,
  fields: row.fields as TTagField[],
  builtIn: row.builtIn,
  createdAt: row.createdAt.toISOString(),
});

export const listTagSchemas = async (): Promise<{ schemas: TTagSchema[] }> => ({
  schemas: (await db.tagSchema.findMany({ orderBy: [{ name: "asc" }, { version: "asc" }] })).map(toSchema),
});

/** The asked version of a schema, or its latest; 422 naming `path` when there is none. */
export const findTagSchema = async (
  { name, version }: { name: string; version?: number },
  path: string,
  client: Prisma.TransactionClient = db,
): Promise<TTagSchema> => {
  const row = await client.tagSchema.findFirst({
    where: { name, ...(version ? { version } : {}) },
    orderBy: { version: "desc" },
  });
  if (!row)
    throw new InvalidInputError(`Unknown tag schema '${name}'${version ? ` version ${version}` : ""}`, [
      { path, message: version ? `tag schema '${name}' has no version ${version}` : `no tag schema '${name}'` },
    ]);
  return toSchema(row);
};

export const createTagSchema = async ({
  ctx,
  input,
}: {
  ctx: TRequestContext;
  input: z.output<typeof ZCreateTagSchemaSchema>;
}): Promise<TTagSchema> =>
  withAuditEvent(
    async (tx) => {
      // Versions of one name are created one at a time (the advisory lock), so "the next version" is exact.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('tag-schema:' || ${input.name}))`;
      const latest = await tx.tagSchema.findFirst({ where: { name: input.name }, orderBy: { version: "desc" } });
      // A built-in schema is the platform's shared vocabulary (search filters, the demo, auditors' PII reviews rely on
      // its fields): its versions come with Larder's migrations, never from an administrator (docs/tags.md).
      if (latest?.builtIn)
        throw new InvalidInputError(`Tag schema '${input.name}' is built in`, [
          {
            path: "name",
            message: `'${input.name}' is built into Larder and gets new versions only with Larder; define a schema of another name for your own fields`,
          },
        ]);
      const version = input.version ?? (latest?.version ?? 0) + 1;
      if (await tx.tagSchema.findUnique({ where: { name_version: { name: input.name, version } } }))
        throw new ConflictError(`Tag schema '${input.name}' version ${version} exists; versions never change`);
      const row = await tx.tagSchema.create({
        data: {
          id: newId("tsc"),
          name: input.name,
          version,
          description: input.description,
          fields: input.fields as Prisma.InputJsonValue,
          createdById: ctx.principal.userId,
        },
      });
      return toSchema(row);
    },
    (schema) => ({
      ctx,
      action: "tagSchema.create",
      resourceType: "tagSchema",
      resourceId: `${schema.name}@${schema.version}`,
      resourceName: `${schema.name} v${schema.version}`,
      details: { fields: schema.fields.map((field) => `${field.name}: ${field.type}`) },
    }),
  );
